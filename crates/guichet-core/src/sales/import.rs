//! Staff import products and price rules from CSV files: a dry run says what each line would
//! do, then the same file applied does it, line by line, through the same use cases as the
//! forms (`create_product`, `update_product`, `add_price`: the same checks, the journal).
//!
//! The file is read as a stream: a thread of its own parses it (`csv_rows`) and hands over one
//! record at a time through a bounded channel, so a file of 100,000 lines never sits in
//! memory; the report keeps counts of everything and the first lines of each kind.
use std::collections::{HashMap, HashSet, VecDeque};
use std::io::{BufRead, BufReader, Read};

use guichet_domain::*;
use tokio::sync::mpsc;

use crate::access::{Action, require};
use crate::error::{CoreError, CoreResult};
use crate::sales::catalog::{PriceInput, ProductInput, parse_price, parse_product};
use crate::{Client, Portal};

/// The columns of a products file, in this order or any other.
pub const PRODUCT_COLUMNS: [&str; 13] = [
    "sku",
    "name_fr",
    "name_en",
    "description_fr",
    "description_en",
    "category_fr",
    "category_en",
    "unit",
    "availability",
    "lead_days",
    "min_quantity",
    "multiple",
    "active",
];

/// The columns of a prices file.
pub const PRICE_COLUMNS: [&str; 7] = [
    "sku",
    "target",
    "min_quantity",
    "amount",
    "currency",
    "valid_from",
    "valid_until",
];

/// Problem lines listed in a report at most (all are counted).
pub const MAX_LISTED_PROBLEMS: usize = 200;
/// Other lines listed in a report at most (all are counted).
pub const MAX_LISTED_OTHERS: usize = 200;
/// Records parsed ahead of the lines being checked or applied.
const ROWS_AHEAD: usize = 64;
/// Distinct customer numbers remembered while reading a prices file.
const MAX_REMEMBERED_CUSTOMERS: usize = 10_000;

/// What a file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportKind {
    Products,
    Prices,
}

impl ImportKind {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "products" => Some(ImportKind::Products),
            "prices" => Some(ImportKind::Prices),
            _ => None,
        }
    }
    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Products => "products",
            ImportKind::Prices => "prices",
        }
    }
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            ImportKind::Products => &PRODUCT_COLUMNS,
            ImportKind::Prices => &PRICE_COLUMNS,
        }
    }
}

/// Why a line was refused: a column (empty for the whole line) and a message catalog key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineProblem {
    pub column: String,
    pub key: &'static str,
}

/// What a line does (dry run) or did (applied).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
    PriceAdded,
    Refused(Vec<LineProblem>),
}

impl Outcome {
    fn refused(column: &str, key: &'static str) -> Self {
        Outcome::Refused(vec![LineProblem {
            column: column.to_string(),
            key,
        }])
    }
    fn of_error(e: CoreError) -> Result<Self, CoreError> {
        match e {
            CoreError::Invalid(f) => Ok(Outcome::Refused(
                f.0.into_iter()
                    .map(|x| LineProblem {
                        column: x.field.into_owned(),
                        key: x.message_key,
                    })
                    .collect(),
            )),
            CoreError::Conflict => Ok(Outcome::refused("", "catalog-import-edited-meanwhile")),
            CoreError::NotFound => Ok(Outcome::refused("sku", "catalog-import-unknown-sku")),
            other => Err(other),
        }
    }
}

/// One line of the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportLine {
    /// The file's line number (1 is the header).
    pub line: u64,
    pub sku: String,
    pub outcome: Outcome,
}

/// What a file does or did: counts of every line, and the first lines of each kind.
#[derive(Clone, Debug, Default)]
pub struct ImportReport {
    pub applied: bool,
    pub lines: u64,
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub prices_added: u64,
    pub refused: u64,
    /// The first problems and the first other lines, in the file's order.
    pub listed: Vec<ImportLine>,
    /// Lines counted but not listed.
    pub unlisted: u64,
    listed_problems: usize,
    listed_others: usize,
}

impl ImportReport {
    fn push(&mut self, line: ImportLine) {
        self.lines += 1;
        let problem = match &line.outcome {
            Outcome::Created => {
                self.created += 1;
                false
            }
            Outcome::Updated => {
                self.updated += 1;
                false
            }
            Outcome::Unchanged => {
                self.unchanged += 1;
                false
            }
            Outcome::PriceAdded => {
                self.prices_added += 1;
                false
            }
            Outcome::Refused(_) => {
                self.refused += 1;
                true
            }
        };
        let room = if problem {
            &mut self.listed_problems
        } else {
            &mut self.listed_others
        };
        let max = if problem {
            MAX_LISTED_PROBLEMS
        } else {
            MAX_LISTED_OTHERS
        };
        if *room < max {
            *room += 1;
            self.listed.push(line);
        } else {
            self.unlisted += 1;
        }
    }
}

/// One record of a CSV file as the reading thread hands it over.
#[derive(Debug)]
pub enum CsvRow {
    /// The file's line where the record starts, and its cells (trimmed).
    Cells { line: u64, cells: Vec<String> },
    /// A record that could not be read as text (not UTF-8, broken quoting).
    Unreadable { line: u64 },
    /// The file could not be read on.
    Failed(std::io::Error),
}

/// Parses a CSV file on a blocking thread: UTF-8 with or without a byte-order mark, cells
/// separated by `,` or `;` (whichever the first line holds more of). Records come one at a
/// time; dropping the receiver stops the reading.
pub fn csv_rows<R: Read + Send + 'static>(reader: R) -> mpsc::Receiver<CsvRow> {
    let (tx, rx) = mpsc::channel(ROWS_AHEAD);
    tokio::task::spawn_blocking(move || read_rows(reader, &tx));
    rx
}

/// A reader that notes where its line breaks are, so a record's line is known from its bytes
/// (the csv crate's own count is off after blank lines). Only the breaks not yet passed are
/// kept: those in the bytes read ahead.
struct Lines<R> {
    inner: R,
    read: u64,
    breaks: VecDeque<u64>,
    passed: u64,
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for (i, b) in buf.iter().take(n).enumerate() {
            if *b == b'\n' {
                self.breaks.push_back(self.read + i as u64);
            }
        }
        self.read += n as u64;
        Ok(n)
    }
}

impl<R> Lines<R> {
    /// The line (1-based) holding the byte at `offset`.
    fn line_at(&mut self, offset: u64) -> u64 {
        while self.breaks.front().is_some_and(|b| *b < offset) {
            self.breaks.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }
}

fn read_rows<R: Read>(reader: R, tx: &mpsc::Sender<CsvRow>) {
    let mut input = BufReader::with_capacity(
        64 * 1024,
        Lines {
            inner: reader,
            read: 0,
            breaks: VecDeque::new(),
            passed: 0,
        },
    );
    let mut skipped = 0u64;
    let delimiter = match input.fill_buf() {
        Ok(buf) => {
            if buf.starts_with(b"\xef\xbb\xbf") {
                input.consume(3);
                skipped = 3;
            }
            match input.fill_buf() {
                Ok(buf) => delimiter_of(buf),
                Err(e) => {
                    let _ = tx.blocking_send(CsvRow::Failed(e));
                    return;
                }
            }
        }
        Err(e) => {
            let _ = tx.blocking_send(CsvRow::Failed(e));
            return;
        }
    };
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(input);
    let mut record = csv::ByteRecord::new();
    loop {
        let row = match csv.read_byte_record(&mut record) {
            Ok(false) => return,
            Ok(true) => {
                // The record's last byte is on its last line; its cells' line breaks say
                // how many lines up it starts (its own start may count blank lines before it).
                let end = csv.position().byte().saturating_sub(1);
                let inner = record.iter().flatten().filter(|b| **b == b'\n').count() as u64;
                let line = csv
                    .get_mut()
                    .get_mut()
                    .line_at(end + skipped)
                    .saturating_sub(inner);
                let cells: Result<Vec<String>, _> = record
                    .iter()
                    .map(|c| std::str::from_utf8(c).map(|t| t.trim().to_string()))
                    .collect();
                match cells {
                    Ok(cells) => CsvRow::Cells { line, cells },
                    Err(_) => CsvRow::Unreadable { line },
                }
            }
            Err(e) => {
                let end = csv.position().byte().saturating_sub(1);
                let line = csv.get_mut().get_mut().line_at(end + skipped);
                match e.into_kind() {
                    csv::ErrorKind::Io(io) => CsvRow::Failed(io),
                    _ => CsvRow::Unreadable { line },
                }
            }
        };
        let stop = matches!(row, CsvRow::Failed(_));
        if tx.blocking_send(row).is_err() || stop {
            return;
        }
    }
}

/// `;` when the first line holds more of them than of `,`.
fn delimiter_of(start: &[u8]) -> u8 {
    let first = start.split(|b| *b == b'\n').next().unwrap_or(&[]);
    let count = |d: u8| first.iter().filter(|b| **b == d).count();
    if count(b';') > count(b',') {
        b';'
    } else {
        b','
    }
}

/// Characters no person types in a cell (tab and line breaks aside).
fn has_control_characters(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// Where each expected column is in the file, from its header (names compared without case).
fn column_places(kind: ImportKind, header: &[String]) -> Option<Vec<usize>> {
    let names: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    if names.len() != kind.columns().len() {
        return None;
    }
    kind.columns()
        .iter()
        .map(|c| names.iter().position(|n| n == c))
        .collect()
}

/// Yes or no as a spreadsheet may say it; empty: yes.
fn flag(raw: &str) -> Option<bool> {
    match raw.trim().to_lowercase().as_str() {
        "" | "1" | "true" | "yes" | "oui" | "vrai" => Some(true),
        "0" | "false" | "no" | "non" | "faux" => Some(false),
        _ => None,
    }
}

/// The state of one import while its lines go by.
struct Run<'a> {
    portal: &'a Portal,
    actor: &'a User,
    client: &'a Client,
    apply: bool,
    segments: Vec<Segment>,
    customers: HashMap<String, Option<CustomerId>>,
    /// SKUs met in this file (a products file names each once).
    skus: HashSet<String>,
    /// Rules added (or to be added) by this file.
    added: HashSet<String>,
    /// The last product a prices line named, with its rules.
    rules_of: Option<(ProductId, Vec<PriceRule>)>,
}

fn rule_key(r: &PriceRule) -> String {
    format!(
        "{}|{:?}|{}|{}|{:?}|{:?}|{}",
        r.product_id,
        r.target,
        r.min_quantity,
        r.currency,
        r.valid_from,
        r.valid_until,
        r.unit_minor
    )
}

impl Run<'_> {
    async fn product_line(&mut self, cell: impl Fn(usize) -> String) -> CoreResult<Outcome> {
        let Some(active) = flag(&cell(12)) else {
            return Ok(Outcome::refused("active", "error-invalid"));
        };
        let input = ProductInput {
            sku: cell(0),
            name_fr: cell(1),
            name_en: cell(2),
            description_fr: cell(3),
            description_en: cell(4),
            category_fr: cell(5),
            category_en: cell(6),
            unit: cell(7).to_lowercase(),
            availability: cell(8).to_lowercase(),
            lead_days: cell(9),
            min_quantity: cell(10),
            multiple: cell(11),
            active,
        };
        let parsed = match parse_product(&input) {
            Ok(p) => p,
            Err(e) => return Outcome::of_error(e),
        };
        if !self.skus.insert(parsed.sku.clone()) {
            return Ok(Outcome::refused("sku", "catalog-import-duplicate-sku"));
        }
        let tenant = self.actor.tenant_id;
        let existing = self
            .portal
            .store
            .product_by_sku(tenant, &parsed.sku)
            .await?;
        match existing {
            None if !self.apply => Ok(Outcome::Created),
            None => match self
                .portal
                .create_product(self.actor, self.client, &input)
                .await
            {
                Ok(_) => Ok(Outcome::Created),
                Err(e) => Outcome::of_error(e),
            },
            Some(before) => {
                let same = Product {
                    id: before.id,
                    tenant_id: before.tenant_id,
                    created_at: before.created_at,
                    updated_at: before.updated_at,
                    image: before.image.clone(),
                    configurator: before.configurator.clone(),
                    ..parsed
                } == before;
                if same {
                    Ok(Outcome::Unchanged)
                } else if !self.apply {
                    Ok(Outcome::Updated)
                } else {
                    match self
                        .portal
                        .update_product(
                            self.actor,
                            self.client,
                            before.id,
                            &input,
                            before.updated_at,
                        )
                        .await
                    {
                        Ok(_) => Ok(Outcome::Updated),
                        Err(e) => Outcome::of_error(e),
                    }
                }
            }
        }
    }

    async fn price_line(&mut self, cell: impl Fn(usize) -> String) -> CoreResult<Outcome> {
        let tenant = self.actor.tenant_id;
        let Ok(sku) = sku(&cell(0)) else {
            return Ok(Outcome::refused("sku", "catalog-import-unknown-sku"));
        };
        let Some(product) = self.portal.store.product_by_sku(tenant, &sku).await? else {
            return Ok(Outcome::refused("sku", "catalog-import-unknown-sku"));
        };
        let raw_target = cell(1);
        let target = match raw_target.split_once(':') {
            None if raw_target.eq_ignore_ascii_case("base") => "base".to_string(),
            Some((kind, name)) if kind.trim().eq_ignore_ascii_case("segment") => {
                let name = name.trim().to_lowercase();
                match self.segments.iter().find(|s| s.name.to_lowercase() == name) {
                    Some(s) => format!("segment:{}", s.id),
                    None => {
                        return Ok(Outcome::refused("target", "catalog-import-unknown-segment"));
                    }
                }
            }
            Some((kind, number)) if kind.trim().eq_ignore_ascii_case("customer") => {
                let number = number.trim().to_string();
                let known = match self.customers.get(&number) {
                    Some(known) => *known,
                    None => {
                        let found = self
                            .portal
                            .store
                            .customer_by_number(tenant, &number)
                            .await?
                            .map(|c| c.id);
                        if self.customers.len() < MAX_REMEMBERED_CUSTOMERS {
                            self.customers.insert(number, found);
                        }
                        found
                    }
                };
                match known {
                    Some(id) => format!("customer:{id}"),
                    None => {
                        return Ok(Outcome::refused(
                            "target",
                            "catalog-import-unknown-customer",
                        ));
                    }
                }
            }
            _ => return Ok(Outcome::refused("target", "catalog-import-bad-target")),
        };
        let input = PriceInput {
            target,
            min_quantity: cell(2),
            amount: cell(3),
            currency: cell(4).to_uppercase(),
            valid_from: cell(5),
            valid_until: cell(6),
        };
        let rule = match parse_price(&input, tenant, product.id) {
            Ok(r) => r,
            Err(e) => return Outcome::of_error(e),
        };
        let known = match &self.rules_of {
            Some((id, _)) if *id == product.id => false,
            _ => true,
        };
        if known {
            let rules = self.portal.store.prices_of(tenant, product.id).await?;
            self.rules_of = Some((product.id, rules));
        }
        let key = rule_key(&rule);
        let exists = self.added.contains(&key)
            || self
                .rules_of
                .as_ref()
                .is_some_and(|(_, rules)| rules.iter().any(|r| rule_key(r) == key));
        if exists {
            return Ok(Outcome::Unchanged);
        }
        if self.apply
            && let Err(e) = self
                .portal
                .add_price(self.actor, self.client, product.id, &input)
                .await
        {
            return Outcome::of_error(e);
        }
        self.added.insert(key);
        Ok(Outcome::PriceAdded)
    }
}

impl Portal {
    /// Checks (`apply` false: nothing is written) or applies a products or prices file read by
    /// `csv_rows`. The first record must name the kind's columns (any order, no others): else
    /// `Invalid` on `file`. Each line stands alone — refused, it is reported and the others go
    /// on; applied, it went through one use case, so it is written whole or not at all.
    pub async fn import_catalog(
        &self,
        actor: &User,
        client: &Client,
        kind: ImportKind,
        apply: bool,
        rows: &mut mpsc::Receiver<CsvRow>,
    ) -> CoreResult<ImportReport> {
        require(actor, Action::ManageCatalog)?;
        let places = match rows.recv().await {
            Some(CsvRow::Cells { cells, .. }) => column_places(kind, &cells),
            Some(CsvRow::Failed(e)) => return Err(CoreError::Internal(Box::new(e))),
            _ => None,
        };
        let Some(places) = places else {
            return Err(CoreError::field("file", "catalog-import-bad-header"));
        };
        let mut run = Run {
            portal: self,
            actor,
            client,
            apply,
            segments: match kind {
                ImportKind::Prices => self.store.segments(actor.tenant_id).await?,
                ImportKind::Products => Vec::new(),
            },
            customers: HashMap::new(),
            skus: HashSet::new(),
            added: HashSet::new(),
            rules_of: None,
        };
        let mut report = ImportReport {
            applied: apply,
            ..Default::default()
        };
        while let Some(row) = rows.recv().await {
            let (line, cells) = match row {
                CsvRow::Failed(e) => return Err(CoreError::Internal(Box::new(e))),
                CsvRow::Unreadable { line } => {
                    report.push(ImportLine {
                        line,
                        sku: String::new(),
                        outcome: Outcome::refused("", "catalog-import-unreadable-line"),
                    });
                    continue;
                }
                CsvRow::Cells { line, cells } => (line, cells),
            };
            if cells.iter().all(|c| c.is_empty()) {
                continue;
            }
            let sku_cell: String = cells
                .get(places[0])
                .map(|s| s.chars().filter(|c| !c.is_control()).take(40).collect())
                .unwrap_or_default();
            let outcome = if cells.len() != places.len() {
                Outcome::refused("", "catalog-import-cell-count")
            } else if let Some(n) = cells.iter().position(|c| has_control_characters(c)) {
                let column = places
                    .iter()
                    .position(|p| *p == n)
                    .map(|i| kind.columns()[i])
                    .unwrap_or("");
                Outcome::refused(column, "catalog-import-control-characters")
            } else {
                let cell = |i: usize| cells.get(places[i]).cloned().unwrap_or_default();
                match kind {
                    ImportKind::Products => run.product_line(cell).await?,
                    ImportKind::Prices => run.price_line(cell).await?,
                }
            };
            report.push(ImportLine {
                line,
                sku: sku_cell,
                outcome,
            });
        }
        if report.lines == 0 {
            return Err(CoreError::field("file", "catalog-import-empty"));
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_name_every_column_once_in_any_order() {
        let h = |s: &str| s.split(',').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(
            column_places(
                ImportKind::Prices,
                &h("SKU,target,amount,min_quantity,currency,valid_from,valid_until")
            ),
            Some(vec![0, 1, 3, 2, 4, 5, 6])
        );
        assert_eq!(column_places(ImportKind::Prices, &h("sku,target")), None);
        assert_eq!(
            column_places(
                ImportKind::Prices,
                &h("sku,target,min_quantity,amount,currency,valid_from,until")
            ),
            None
        );
    }

    #[test]
    fn the_separator_is_the_first_lines_commonest() {
        assert_eq!(delimiter_of(b"sku;name_fr;note,with comma\na,b"), b';');
        assert_eq!(delimiter_of(b"sku,target\n;;;;;"), b',');
    }

    #[tokio::test]
    async fn rows_stream_with_their_line_numbers() {
        let text = "\u{feff}sku;amount\nA-1;\"12,50\"\n\nB-2;\"deux\nlignes\"\nC-3;x\u{0}y\n";
        let mut rx = csv_rows(std::io::Cursor::new(text.as_bytes().to_vec()));
        let mut got = Vec::new();
        while let Some(r) = rx.recv().await {
            match r {
                CsvRow::Cells { line, cells } => got.push((line, cells)),
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(got[0], (1, vec!["sku".to_string(), "amount".to_string()]));
        assert_eq!(got[1], (2, vec!["A-1".to_string(), "12,50".to_string()]));
        assert_eq!(got[2].0, 4);
        assert_eq!(got[2].1[1], "deux\nlignes");
        assert_eq!(got[3].0, 6);
        assert!(has_control_characters(&got[3].1[1]));
    }
}
