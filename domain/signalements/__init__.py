"""Citizens' reports of an error on a place's public record, and the coordinators' answer."""
