-- Nearest places: a bounding box on latitude first (then distance computed on the few rows
-- inside), for `/api/v1/lieux/proches`, the map's "autour de moi" and orientation.
CREATE INDEX lieux_position_idx ON lieux (latitude, longitude)
    WHERE NOT ferme AND fusionne_dans IS NULL;
