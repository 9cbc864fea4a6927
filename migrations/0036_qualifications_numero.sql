-- The number of a qualification (the aidant's version at which it was recorded): what the
-- correction and cancellation commands name it by. NULL for rows projected before this
-- migration until `mednum project --rebuild acteurs`.
ALTER TABLE qualifications ADD COLUMN numero integer;
