//! One newtype per id, all UUIDv7 (time-ordered, so indexes stay compact).
use std::fmt;
use std::str::FromStr;

macro_rules! id_type {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub uuid::Uuid);

        impl $name {
            pub fn new() -> Self { Self(uuid::Uuid::now_v7()) }
        }
        impl Default for $name {
            fn default() -> Self { Self::new() }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { self.0.fmt(f) }
        }
        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> { uuid::Uuid::parse_str(s).map(Self) }
        }
    )*};
}

id_type!(
    TenantId,
    UserId,
    CustomerId,
    SessionId,
    TokenId,
    EmailId,
    RoleId,
    ChangeId,
    AddressId,
    ProjectId,
    DocumentId,
    VersionId,
    EntryId,
    LinkId,
    RequestId,
    CommentId,
    FlowId,
    ProductId,
    PriceId,
    SegmentId,
    OrderId,
    QuoteId,
    InvoiceId,
    PaymentId,
    CheckoutId,
    TransferProofId,
    ReminderRuleId,
    JobId
);
