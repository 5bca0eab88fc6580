-- An address change is confirmed from the new address: its token carries that address.
ALTER TABLE tokens ADD COLUMN new_email TEXT;
