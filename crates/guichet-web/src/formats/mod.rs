//! Builders of what is not a page: file headers, calendar files, CSV exports, text with links.
pub mod disposition;
pub mod ics;
pub mod journal_csv;
pub mod linkify;
