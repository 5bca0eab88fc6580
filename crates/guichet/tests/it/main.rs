//! Full-app tests: the real server, both databases, a real SMTP server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod harness;

mod access;
mod addresses;
mod auth;
mod billing;
mod bulk;
mod catalog_import;
mod colleagues;
mod company;
mod configurator;
mod conversations;
mod documents;
mod flows;
mod forms;
mod home;
mod hostile;
mod ids;
mod invitations;
mod invoice_writing;
mod journal;
mod links;
mod notices;
mod ops;
mod payments;
mod previews;
mod projects;
mod quotes;
mod reminders;
mod roles;
mod sales;
mod shares;
mod staff;
mod staff_projects;
mod takeover;
mod tenancy;
