-- An aidant's last activity is read from the activities read model (projections/
-- acteurs_requetes.py), through their account: the placeholder column is no longer needed.
ALTER TABLE aidants DROP COLUMN derniere_activite;
