//! What handlers take in, already checked: who asks (`Visitor`, `Signed`), typed ids from the
//! path (`IdPath`), and CSRF-checked forms (`CsrfForm`).
mod fields;
mod form;
mod id;
pub mod multipart;
mod visitor;

pub use fields::Fields;
pub use form::CsrfForm;
pub use id::IdPath;
pub use visitor::{Signed, Visitor};
