//! Full-app tests: the real server, both databases, a real SMTP server.
mod harness;

mod access;
mod auth;
mod hostile;
mod invitations;
mod ops;
mod staff;
mod tenancy;
