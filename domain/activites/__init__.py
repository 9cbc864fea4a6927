"""Activities (comptes rendus d'activité, CRA): what a mediator did with whom, La Coop's way."""
