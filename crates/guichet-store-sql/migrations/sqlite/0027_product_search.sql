-- Full-text search of the catalog (issue 16): each product's SKU, names, categories and
-- descriptions in both languages, through FTS5 with accents folded ("electrique" finds
-- "électrique"), kept in step with `products` by triggers.
--
-- FTS5 keys its rows by an integer; products are keyed by a UUID, and their implicit rowid is
-- no key to rely on (VACUUM may renumber the rows of a table without an INTEGER PRIMARY KEY).
-- So each product gets a number of its own in `product_search_keys` (an INTEGER PRIMARY KEY,
-- which VACUUM keeps), and `product_search` is a plain FTS5 table keyed by that number, holding
-- its own copy of the texts. An external-content table over `products` would need the
-- products' rowid as its key and the exact old texts at every delete; copying a few short
-- texts is the simpler, safer price.
CREATE TABLE product_search_keys (
    key INTEGER PRIMARY KEY,
    product_id BLOB NOT NULL UNIQUE
);

CREATE VIRTUAL TABLE product_search USING fts5 (
    sku, name_fr, name_en, category_fr, category_en, description_fr, description_en,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Relevance (`rank`, smaller first): a word of the SKU or of a name counts most, then the
-- categories, then the descriptions.
INSERT INTO product_search (product_search, rank)
VALUES ('rank', 'bm25(10.0, 10.0, 10.0, 4.0, 4.0, 1.0, 1.0)');

CREATE TRIGGER product_search_insert AFTER INSERT ON products BEGIN
    INSERT INTO product_search_keys (product_id) VALUES (new.id);
    INSERT INTO product_search (rowid, sku, name_fr, name_en, category_fr, category_en,
                                description_fr, description_en)
    SELECT k.key, new.sku, new.name_fr, new.name_en, new.category_fr, new.category_en,
           new.description_fr, new.description_en
    FROM product_search_keys k WHERE k.product_id = new.id;
END;

CREATE TRIGGER product_search_update AFTER UPDATE OF id, sku, name_fr, name_en, category_fr,
    category_en, description_fr, description_en ON products BEGIN
    UPDATE product_search_keys SET product_id = new.id WHERE product_id = old.id;
    UPDATE product_search SET sku = new.sku, name_fr = new.name_fr, name_en = new.name_en,
        category_fr = new.category_fr, category_en = new.category_en,
        description_fr = new.description_fr, description_en = new.description_en
    WHERE rowid = (SELECT key FROM product_search_keys WHERE product_id = new.id);
END;

CREATE TRIGGER product_search_delete AFTER DELETE ON products BEGIN
    DELETE FROM product_search
    WHERE rowid = (SELECT key FROM product_search_keys WHERE product_id = old.id);
    DELETE FROM product_search_keys WHERE product_id = old.id;
END;

-- The products already there.
INSERT INTO product_search_keys (product_id) SELECT id FROM products ORDER BY created_at, id;
INSERT INTO product_search (rowid, sku, name_fr, name_en, category_fr, category_en,
                            description_fr, description_en)
SELECT k.key, p.sku, p.name_fr, p.name_en, p.category_fr, p.category_en, p.description_fr,
       p.description_en
FROM products p JOIN product_search_keys k ON k.product_id = p.id;
