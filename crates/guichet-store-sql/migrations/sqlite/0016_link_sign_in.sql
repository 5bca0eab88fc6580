-- Links only for someone signed in as a contact of the account (or staff).
ALTER TABLE share_links ADD COLUMN sign_in BOOLEAN NOT NULL DEFAULT FALSE;
