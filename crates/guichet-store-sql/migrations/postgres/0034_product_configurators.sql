-- A configurable product's option groups and rules (issue 16), as JSON (guichet_domain::Configurator);
-- none: an ordinary product.
ALTER TABLE products ADD COLUMN configurator TEXT;
