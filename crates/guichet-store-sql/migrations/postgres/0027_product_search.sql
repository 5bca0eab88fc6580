-- Full-text search of the catalog (issue 16): a `tsvector` of each product's texts, generated
-- by PostgreSQL (so always in step, and computed for the products already there when the
-- column is added), with a GIN index. French texts go through the French configuration,
-- English ones through the English one; every text, the SKU included, also through 'simple'
-- (words as typed, no stemming and no stop words), so a word always matches itself whatever
-- the language of the query, and a prefix ("pann") matches the whole word ("panneau").
-- Punctuation becomes spaces before parsing, as the store splits what is typed.
--
-- Accents are folded by `product_search_fold`, a fixed list of Latin letters translated to
-- their plain form, rather than by the `unaccent` extension: `unaccent` is not IMMUTABLE (so a
-- generated column cannot call it) and needs an extension every installation would have to
-- allow; `translate` needs nothing. Upper-case letters are translated too, because `lower`
-- leaves non-ASCII letters alone under the C locale.
CREATE FUNCTION product_search_fold(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
    SELECT lower(replace(replace(replace(replace(translate(t,
        'àâäáãåçéèêëíìîïñóòôöõúùûüýÿÀÂÄÁÃÅÇÉÈÊËÍÌÎÏÑÓÒÔÖÕÚÙÛÜÝŸ',
        'aaaaaaceeeeiiiinooooouuuuyyAAAAAACEEEEIIIINOOOOOUUUUYY'),
        'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE'))
    $$;

-- A text's words for the index: folded, punctuation turned into spaces, as the store splits
-- what is typed ("PAN-120" is "pan 120", not "pan" and the number -120).
CREATE FUNCTION product_search_words(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT regexp_replace(product_search_fold(t), '[[:punct:]]+', ' ', 'g') $$;

-- A search's words (`word & word & prefix:*`, built by the store from letters and digits
-- only) through each configuration the texts went through.
CREATE FUNCTION product_search_query(q text) RETURNS tsquery
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
    SELECT to_tsquery('simple', product_search_fold(q))
        || to_tsquery('french', product_search_fold(q))
        || to_tsquery('english', product_search_fold(q))
    $$;

-- Weights: the SKU and names (A), the categories (B), the descriptions (C).
ALTER TABLE products ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(
        to_tsvector('french', product_search_words(name_fr))
        || to_tsvector('english', product_search_words(name_en))
        || to_tsvector('simple', product_search_words(sku || ' ' || name_fr || ' ' || name_en)),
        'A')
    || setweight(
        to_tsvector('french', product_search_words(category_fr))
        || to_tsvector('english', product_search_words(category_en))
        || to_tsvector('simple', product_search_words(category_fr || ' ' || category_en)),
        'B')
    || setweight(
        to_tsvector('french', product_search_words(description_fr))
        || to_tsvector('english', product_search_words(description_en))
        || to_tsvector('simple', product_search_words(description_fr || ' ' || description_en)),
        'C')
) STORED;

CREATE INDEX products_search ON products USING gin (search);
