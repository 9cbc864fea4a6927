-- An aidant's identity can be erased (issue 17): their row stays, for the statistics (type,
-- structures, qualifications, trainings, sessions), with the name « Aidant effacé » and no
-- e-mail nor telephone; `efface` says so.
ALTER TABLE aidants ADD COLUMN efface boolean NOT NULL DEFAULT false;
ALTER TABLE aidants ADD COLUMN efface_le timestamptz;
