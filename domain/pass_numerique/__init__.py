"""The Pass numérique (#APTIC): orders of carnets, their distribution, their use."""
