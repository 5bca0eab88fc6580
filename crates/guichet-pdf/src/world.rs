//! The typst world of one render: the template, the embedded fonts and a standard library
//! built once, plus this sheet's data (`/data.json`) and logo (`/logo`) as virtual files.
//!
//! The data goes in as a file rather than as `sys.inputs`: inputs live in the standard library,
//! whose hash keys every memoised layout, so a new library per sheet would make typst lay out
//! everything afresh each time; with one library, what two sheets share (headers, labels,
//! terms, amounts) is laid out once.

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::PdfError;

/// The template, compiled once per [`crate::Renderer`].
const TEMPLATE: &str = include_str!("sheet.typ");

/// What every render shares.
pub(crate) struct Template {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    data: FileId,
    logo: FileId,
}

impl Template {
    pub(crate) fn new(fonts: Vec<Font>) -> Result<Self, PdfError> {
        Ok(Self {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
            main: Source::new(file_id("/sheet.typ")?, TEMPLATE.to_owned()),
            data: file_id("/data.json")?,
            logo: file_id("/logo")?,
        })
    }

    /// The world of one sheet: its data as JSON and its logo, if any.
    pub(crate) fn world(&self, data: Bytes, logo: Option<Bytes>) -> SheetWorld<'_> {
        SheetWorld {
            template: self,
            data,
            logo,
        }
    }
}

fn file_id(path: &str) -> Result<FileId, PdfError> {
    let path =
        VirtualPath::new(path).map_err(|e| PdfError::Compile(vec![format!("{path}: {e}")]))?;
    Ok(RootedPath::new(VirtualRoot::Project, path).intern())
}

pub(crate) struct SheetWorld<'a> {
    template: &'a Template,
    data: Bytes,
    logo: Option<Bytes>,
}

impl World for SheetWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.template.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.template.book
    }

    fn main(&self) -> FileId {
        self.template.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.template.main.id() {
            Ok(self.template.main.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.template.data {
            Ok(self.data.clone())
        } else if id == self.template.logo
            && let Some(logo) = &self.logo
        {
            Ok(logo.clone())
        } else if id == self.template.main.id() {
            Ok(Bytes::new(TEMPLATE))
        } else {
            Err(not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.template.fonts.get(index).cloned()
    }

    /// No clock: a document never shows the day it was rendered, so renders are reproducible.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_without_slash().into())
}
