# Guichet — English.

## Frame
skip-to-content = Skip to content
nav-label = Main navigation
nav-home = Home
nav-customers = Customers
nav-outbox = Sent emails
nav-menu = Menu
crumb-to-project = Back to the project
nav-account = My account
sign-out = Sign out
footer-powered = Customer portal powered by Guichet
back-home = Back to home
actions = Actions
edit = Edit
save = Save
search = Search
next-page = Next page
form-has-errors = Some fields need your attention. The messages are next to each field.

## Sign-in
sign-in = Sign in
sign-in-title = Sign in to your portal
sign-in-lead = Your projects, their documents and their progress with { $provider }, in one place.
sign-in-by-email = Get a sign-in link by email
sign-in-with-password = Sign in with a password
forgot-password = Forgot your password?
sign-in-link-title = Sign in by email
sign-in-link-lead = Enter your email address: we will send you a sign-in link, valid for 15 minutes and usable once.
sign-in-link-send = Send the link
forgot-title = Forgot your password
forgot-lead = Enter your email address: we will send you a link to choose a new password, valid for one hour.
forgot-send = Send the reset link
check-email-title = Check your email
check-email-link = If an account exists for this address, a sign-in link has just been sent to it. It is valid for 15 minutes.
check-email-reset = If an account exists for this address, a link to choose a new password has just been sent to it. It is valid for one hour.
link-confirm-title = Confirm sign-in
link-confirm-lead = You are about to sign in as { $email }.
link-confirm-button = Sign me in
link-problem-title = This link no longer works
link-unknown = This link is not valid. It may have been copied incompletely or replaced by a newer link.
link-used = This link has already been used. Each link works only once.
link-expired = This link has expired.
link-request-new = Get a new link
invitation-title = Welcome to your portal
invitation-lead = Hello { $name }, choose your password to activate your access.
reset-title = Choose a new password
reset-lead = Hello { $name }, choose your new password. Your other sessions will be signed out.
set-password-for = Account: { $email }
set-password-button = Save password
password-rules = At least 12 characters. A short sentence that is easy to remember makes a great password; avoid common passwords.

## Fields
field-email = Email address
field-password = Password
field-new-password = New password
field-confirm-password = Confirm password
field-current-password = Current password
field-name = Name
field-phone = Phone
field-language = Language
field-number = Customer number
field-company = Company
field-currency = Currency
field-line1 = Address
field-line2 = Address line 2
field-city = City
field-region = Province or state
field-postal-code = Postal code
field-country = Country (2-letter code)
billing-address = Billing address
shipping-address = Shipping address

## Errors
error-required = This field is required.
error-too-long = This text is too long.
error-email = Enter a valid email address, for example name@company.com.
error-invalid = This value is not valid.
error-password-short = The password must be at least 12 characters long.
error-password-common = This password is too common or too easy to guess. Try a short sentence.
error-password-mismatch = The two passwords do not match.
error-current-password = The current password is incorrect.
error-email-taken = This email address is already used by someone else.
error-number-taken = This customer number is already used.
error-host-taken = This host name is already used.
error-credentials = Wrong email address or password.
error-throttled = Too many sign-in attempts. For your security, try again in { $minutes ->
        [one] one minute
       *[other] { $minutes } minutes
    } or ask for a sign-in link by email.
error-throttled-any = Too many attempts in a short time. For your security, try again in { $minutes ->
        [one] one minute
       *[other] { $minutes } minutes
    }.
error-throttled-title = Too many attempts
error-busy = Many people are signing in right now. Please try again in a few seconds.
error-busy-title = Busy for a moment
error-forbidden-title = Access denied
error-forbidden = You do not have access to this page.
error-not-found-title = Page not found
error-not-found = This page does not exist or is no longer available.
error-invalid-title = Invalid form
error-invalid-form = The form could not be read. Go back and try again.
error-csrf-title = Form expired
error-csrf = This form has expired or does not come from this site. Reload the page and try again.
error-too-large-title = Too large
error-too-large = What you sent is larger than allowed. Make it smaller and try again.
error-internal-title = Something went wrong
error-internal = Something went wrong on our side. Please try again in a moment.

## Portal
home-hello = Hello { $name }
home-company = Customer account: { $company }
home-areas = Your areas
customer-number-short = no.
area-projects = Projects
area-projects-empty = No projects yet. Your projects will appear here as soon as they are opened.
area-documents = Documents
area-documents-lead = Reports, plans and contracts shared with you, from all your projects.
area-documents-empty = No documents yet. Reports, plans and contracts shared with you will appear here.
area-orders = Orders
area-orders-empty = No orders yet.
area-invoices = Invoices
area-invoices-empty = No invoices yet.
area-support = Support
area-support-empty = No requests yet. Your questions and their answers will appear here.

## My account
account-title = My account
profile-title = Edit my profile
profile-email-note = Your email address ({ $email }) is how you sign in; to change it, contact us.
field-time-zone = Time zone
tz-america-st-johns = Newfoundland (St. John’s)
tz-america-halifax = Atlantic Time (Halifax)
tz-america-moncton = Atlantic Time (Moncton)
tz-america-toronto = Eastern Time (Montréal, Toronto)
tz-america-winnipeg = Central Time (Winnipeg)
tz-america-regina = Saskatchewan (Regina)
tz-america-edmonton = Mountain Time (Edmonton)
tz-america-vancouver = Pacific Time (Vancouver)
tz-america-whitehorse = Yukon (Whitehorse)
tz-europe-paris = Central Europe (Paris)
tz-utc = Coordinated Universal Time (UTC)
password-change-title = Change my password
password-change-lead = Your other sessions will be signed out after the change.
password-change-button = Change password
sessions-title = My sessions
sessions-lead = The devices currently signed in to your account. End any session you do not recognize.
session-device = Device
session-ip = IP address
session-last-seen = Last active
session-this-device = This device
session-revoke = End session
sessions-revoke-others = End all other sessions
sessions-sign-out-everywhere = Sign out everywhere, here included
notice-password-changed = Your password has been changed. Your other sessions have been signed out.
notice-session-revoked = The session has been ended.
notice-sessions-revoked = All other sessions have been ended.

## Back-office
customers-title = Customer accounts
customers-search = Search by name or number
customers-empty = No customer account matches.
customer-new = New customer account
customer-edit = Edit customer account
contacts-title = Contacts
contacts-empty = No contacts for this account.
contact-new = Add a contact
contact-edit = Edit contact
contact-status = Status
contact-status-active = Active
contact-status-pending = Access not yet activated
contact-status-deactivated = Deactivated
contact-send-invite = Send invitation
contact-invite-now = Email the invitation now
contact-deactivate = Deactivate
contact-activate = Reactivate
notice-saved = Your changes have been saved.
notice-invited = The invitation has been sent. Any earlier invitation link no longer works.
notice-deactivated = The contact has been deactivated and signed out everywhere.
notice-activated = The contact has been reactivated.
outbox-title = Sent emails
outbox-lead-local = No SMTP server is configured: emails stay on this server (folder data/outbox) and are listed here so you can follow their links.
outbox-lead-smtp = Emails are handed to the configured SMTP server. Their content is erased once sent.
outbox-empty = No emails yet.
outbox-when = Date
outbox-to = To
outbox-subject = Subject
outbox-status = Status
outbox-sent = Sent
outbox-queued = Queued
outbox-link-hidden = [personal link hidden: only its recipient may use it]
outbox-retrying = Retry scheduled

## Emails
email-invitation-subject = Your access to the { $provider } customer portal
email-invitation-body =
    Hello { $name },

    { $provider } invites you to its customer portal, where you can follow your projects, their documents and their progress at any time.

    To activate your access, choose your password here (link valid for 7 days, usable once):
    { $link }

    If you were not expecting this invitation, simply ignore this email.

    { $provider }
email-sign-in-link-subject = Your sign-in link — { $provider }
email-sign-in-link-body =
    Hello { $name },

    Here is your sign-in link to the { $provider } customer portal (valid for 15 minutes, usable once):
    { $link }

    If you did not ask for this link, ignore this email: nobody can sign in without it.

    { $provider }
email-reset-subject = Choose a new password — { $provider }
email-reset-body =
    Hello { $name },

    To choose a new password for the { $provider } customer portal, follow this link (valid for one hour, usable once):
    { $link }

    If you did not make this request, ignore this email: your current password still works.

    { $provider }

contact-send-sign-in-link = Send a sign-in link
notice-sign-in-link-sent = A sign-in link was sent to this person’s own address.
notice-address-pending = Saved. The new address takes effect once its owner confirms it with the link sent there (valid 24 hours); the current address was told of the change.
error-invite-has-password = This person has already chosen a password, and an invitation would replace it. Send them a sign-in link instead; they can also reset their password themselves.
address-confirm-title = Confirm your new address
address-confirm-lead = Confirm { $email } as the address of your customer portal account. Sign-in links and notifications will go to it.
address-confirm-button = Confirm this address
address-confirmed-title = Address confirmed
address-confirmed-lead = Your address is now { $email }. Links sent to the former address no longer work.
email-change-subject = Confirm your new address — { $provider }
email-change-body =
    Hello { $name },

    { $by } changed the address of your { $provider } customer portal account to this one ({ $new }). To confirm it, follow this link (valid for 24 hours, usable once):
    { $link }

    Until it is confirmed, your address stays { $old }. If you were not expecting this, ignore this email.

    { $provider }
email-change-asked-subject = A change of your address was requested — { $provider }
email-change-asked-body =
    Hello { $name },

    { $by } asked to change the address of your { $provider } customer portal account from { $old } to { $new }. The change happens only once it is confirmed from the new address.

    If you were not expecting this, contact { $provider } right away.

    { $provider }
email-changed-subject = Your address was changed — { $provider }
email-changed-body =
    Hello { $name },

    The address of your { $provider } customer portal account is now { $new } (it was { $old }). Links sent to the former address no longer work.

    If you were not expecting this, contact { $provider } right away.

    { $provider }

## Portal roles
nav-roles = Roles
roles-title = Portal roles
roles-intro = A role decides what a contact sees and does in their company’s account: modules, actions, record scope and visible fields.
role-new = New role
role-edit = Edit role
field-role-name = Role name
field-role = Role
roles-modules = Modules
roles-members = People
roles-module = Module
roles-scope = Scope
role-default = Default
role-default-hint = Default role: new contacts get it, and it cannot be deleted.
role-preview = Preview
delete = Delete
cancel = Cancel
select = Select
notice-role-deleted = The role was deleted; its contacts were transferred.
role-modules-title = Modules and actions
role-modules-hint = Tick what this role allows. Create, edit or delete also grant viewing.
role-kinds-legend = { $module }: kinds shown when the scope is “some kinds only”
role-kinds-hint = For example, only reports for the owner, only invoices for the accounting department.
role-fields-title = Fields
role-fields-hint = For each field: hidden, read-only or editable. A field is never editable when the module may not be edited.
role-admin-title = Company administration
role-company-admin = May invite and deactivate colleagues of their company
role-grantable = Roles a company administrator may give
role-delete-title = Delete the role “{ $role }”
role-delete-members = Contacts with this role: { $count }. Choose the role they will get.
role-transfer-to = Transfer to role
role-delete-confirm = Delete and transfer
module-projects = Projects
module-documents = Documents
module-quotes = Quotes
module-orders = Orders
module-invoices = Invoices
module-support = Support
module-company = My company
module-contacts = Colleagues
op-view = View
op-create = Create
op-edit = Edit
op-delete = Delete
scope-own = Their own records
scope-company = All of the company’s records
scope-kinds = Some kinds only
access-hidden = Hidden
access-read-only = Read-only
access-editable = Editable
kind-quote = Quote
kind-purchase-order = Purchase order
kind-invoice = Invoice
kind-report = Report
kind-diagnostic = Diagnostic
kind-measurement = Measurements
kind-contract = Contract
kind-plan = Plan
kind-certificate = Certificate
kind-other = Other
field-legal-name = Legal name
field-tax-number = GST/HST number
field-tax-number-qc = QST number
field-billing-contact = Billing contact
field-billing-email = Billing email
field-contact-email = Colleagues’ email
field-contact-phone = Colleagues’ phone
error-role-forged = This form holds unknown permissions. Reload the page and try again.
error-role-kinds-empty = Choose at least one document kind for the “some kinds only” scope.
error-role-name-taken = Another role already has this name.
error-role-delete = Choose another existing role. The default role cannot be deleted.
error-choose-role = Choose a role.
error-select-contacts = Select at least one contact.
preview-title = Preview: { $role }
preview-banner = Preview of the portal as the role “{ $role }” sees it — read-only
preview-back = Back to the role
preview-banner-as = The portal as { $name } ({ $company }) sees it with the role “{ $role }” — read-only
preview-banner-nobody = No contact has the role “{ $role }” yet: preview with the account { $company } — read-only
preview-someone = Contact
home-no-account = Your access is not linked to a customer account yet.
home-no-areas = Your role gives access to no section for now. Contact your provider if needed.
account-switch = Customer account
account-switch-go = Switch account
area-quotes = Quotes
area-quotes-empty = No quotes yet.
contact-invited-by = Invited by
contacts-move-to = Give the ticked contacts this role
contacts-move = Change role
notice-contacts-moved = The ticked contacts’ role was changed.
role-preview-company = Preview “My company”

## My company
company-nothing-visible = Your role shows no company details.
company-needs-approval = A change to this field is checked by your provider before it applies.
company-current-value = Value saved meanwhile: { $value }
company-pending-value = Change waiting for approval: { $value }
company-history = Change history
company-profile-title = Company details
change-when = Date
change-field = Field
change-before = Before
change-after = After
change-by = By
change-status = Status
change-applied = Applied
change-pending = Pending
change-approved = Approved
change-rejected = Rejected
change-approve = Approve
change-reject = Reject
notice-company-pending = Thank you! Your changes were received; those that need approval will apply once approved.
notice-unchanged = Nothing to save.
notice-change-approved = The change was approved and applied.
notice-change-rejected = The change was rejected.
notice-change-decided = This change had already been handled.
error-company-conflict = Someone changed these details while you were editing them. Nothing was saved: check the saved values shown under the fields, then save again.
error-conflict-title = Changed meanwhile
error-conflict = Someone else changed this while you were working on it. Nothing was saved; reload the page and try again.
error-tax-number = Enter the number as it appears on your documents (letters, digits and hyphens, 30 characters at most).
company-fields-title = Approval of company details
company-fields-intro = Customers keep their company details up to date. Choose the ones whose changes your team must approve before they replace the current values.
company-fields-legend = Fields that need approval

## Colleagues
colleague-invite = Invite a colleague
colleague-invite-intro = Your colleague will receive an email with a link to choose a password. You can only give the roles your provider allows.
colleague-send = Send the invitation
colleague-you = you
activity-title = Account activity
activity-empty = No activity yet.
activity-joined = { $who } joined the account.
activity-joined-by = { $by } invited { $who } to the account.
activity-changed = { $by } changed “{ $field }” ({ $status }).

## Bulk invitations
contacts-invite-selected = Invite the ticked contacts
contacts-selected-hint = Tick contacts in the list, then choose what to do.
import-title = Import invitations
import-intro = Create and invite many contacts at once from a CSV file. Each row stands alone: a report tells who was invited and why a row failed.
import-columns = Columns, in order: name, email, customer number, role (empty: the default role) and, if needed, language (fr or en). A first header row is allowed.
import-roles = Existing roles: { $roles }
import-file = CSV file (UTF-8, 1 MB at most)
import-paste = Or paste its content here
import-send = Create and invite
import-report-title = Invitation report
import-back = Back
import-report-invited = Invitations sent: { $count }.
import-report-refused = Not sent: { $count } (see the reason below).
import-line = Line
import-result = Result
import-invited = Invitation sent
import-already-active = Access already activated
import-deactivated = Deactivated
import-duplicate = Email repeated in the file
import-unknown-company = Unknown customer number
import-unknown-role = Unknown role
import-row-failed = Row not processed (server error)
import-unreadable = This file could not be read as CSV.
import-not-utf8 = Save the file as CSV UTF-8, then try again.
import-too-many = This file has more than 1000 rows: split it.
import-empty = No rows to import.
import-too-large = This file is over 1 MB. Split it, then try again.

## Notification preferences
notifications-title = Email notifications
notifications-intro = For each kind of event, choose an email at once, a daily digest, only a notification in the portal (the bell), or nothing at all.
notifications-legend = When…
notifications-security = Security emails (sign-in links, invitations, password resets) are always sent.
notify-document-shared = a document is shared with me
notify-comment-mention = someone mentions me or replies to my comments
notify-quote-to-approve = a quote awaits my approval
notify-invoice-issued = an invoice is issued
notify-order-update = an order changes status
notify-support-reply = my support request gets an answer
notify-project-step = a project moves to a new step
notify-mode-immediate = Email at once
notify-mode-digest = Daily digest
notify-mode-portal = In the portal only
notify-mode-off = Nothing

## Address book
addresses-title = Address book
addresses-empty = No shipping address yet.
addresses-archived = Archived addresses
address-new = Add an address
address-edit = Edit the address
address-default = Default
address-make-default = Default shipping address
address-use-default = Make default
address-archive = Archive
address-restore = Restore
address-instructions-shown = Instructions: { $text }
field-address-label = Address name (e.g. Laval warehouse)
field-site = Site or building
field-street = Street address
field-instructions = Delivery instructions
field-country-name = Country
country-ca = Canada
country-us = United States
country-fr = France
country-be = Belgium
country-ch = Switzerland
country-gb = United Kingdom
notice-address-default = The default address was changed.
notice-address-archived = The address was archived; it stays shown with past orders.
notice-address-restored = The address was restored.
notice-address-deleted = The address was deleted.
error-postal-code = This postal code does not match the chosen country (e.g. H2X 1Y4 in Canada, 10001 in the United States).
error-region = Enter the province or state code (e.g. QC, ON, NY).
error-address-used = This address was used by an order: archive it instead of deleting it.
error-address-conflict = Someone changed this address while you were editing it. Nothing was saved: check your values, then save again.

## Projects
area-projects-lead = Your projects, their documents and where they stand.
projects-none = No project for this customer.
projects-search = Search a project (title or reference)
projects-all-statuses = All statuses
projects-views = Project views
projects-view-staff = Waiting on us
projects-view-mine = My projects waiting
projects-view-customer = Waiting on the customer
projects-view-all = All projects
projects-search-staff = Search a project (title, reference or customer)
projects-waiting-filter = Waiting on
projects-waiting-any = Any step
projects-waiting-staff = Waiting on us
projects-waiting-customer = Waiting on the customer
projects-waiting-nobody = Flow finished
projects-mine = Only my team’s projects
projects-none-match = No project matches these criteria.
projects-none-yet = No project yet: open one from a customer’s page.
projects-step = Step
projects-changed = Changed
projects-no-flow = No flow
projects-more = The { $count } most recently changed projects are shown; narrow the search to find the others.
desk-lead = What waits on your team, across all your customers.
desk-projects-title = Projects waiting on us
desk-projects-none = No project waits on your team.
desk-projects-mine = { $count } on my team
desk-quotes-title = Quotes asked for
desk-quotes-none = No quote request to prepare.
desk-orders-title = Orders received
desk-orders-none = No received order to prepare.
desk-proofs-none = No proof of transfer to check.
desk-asked = Asked: { $when }
desk-see-all = See all
projects-sort = Sort by
projects-sort-recent = Newest first
projects-sort-title = By title
project-new = New project
project-edit = Edit the project
project-dates = Dates
project-documents-empty = This project’s documents will appear here.
project-status-open = In progress
project-status-on-hold = On hold
project-status-closed = Completed
field-project-title = Title
field-project-reference = Reference
field-project-site = Work site
field-project-description = Description
field-project-status = Status
field-starts-on = Start
field-ends-on = Planned end
error-date = Enter a date as YYYY-MM-DD.
error-project-dates = The end cannot come before the start.
error-project-conflict = Someone changed this project while you were editing it. Nothing was saved: check your values, then save again.

## Documents
error-upload-too-large = This file is larger than allowed. Nothing was kept.
error-upload-interrupted = The upload was interrupted. Nothing was kept; try again.
error-document-kind-scope = Your role does not allow uploading this kind of document.
documents-upload = Upload a document
documents-upload-lead = The document is added to the project; people with access to the project see it as their role allows.
documents-none = No documents yet.
document-version-upload = Upload a new version
document-versions = Versions
document-version = Version { $number }
document-download = Download
document-preview = Preview
field-document-title = Title (optional: the file name otherwise)
field-document-kind = Kind of document
field-document-file = File
document-status = Status
document-size = Size
document-uploaded = Uploaded on
document-uploaded-by = By
status-to-approve = To approve
status-approved = Approved
status-refused = Refused
status-expired = Expired
status-open = Open
status-paid = Paid
status-late = Late
status-issued = Issued
status-signed = Signed
status-to-sign = To sign
status-published = Published
status-draft = Draft

## Journal
journal-title = Activity journal
journal-timeline = History
journal-export = Export (CSV)
journal-filter = Show
journal-all = All activity
journal-documents = Documents
journal-downloads = Downloads
journal-project = Project
journal-apply = Filter
journal-empty = Nothing yet.
journal-action = Action
journal-detail = Object
journal-ip = IP address
journal-document-upload = Document uploaded
journal-document-version = New version
journal-document-view = Document viewed
journal-document-download = Document downloaded
journal-project-create = Project opened
journal-project-update = Project changed

## Viewing links
links-title = Viewing links
links-lead = A link opens the documents without an account, until it expires or you withdraw it. Every use is written in the journal.
field-link-label = For whom (e.g. owner, notary)
field-link-days = Valid for (days)
link-scope = Documents opened
link-scope-project = The whole project
link-expires = Expires on
link-uses = Uses
link-last-used = Last used
link-live = Active
link-revoked-badge = Withdrawn
link-expired-badge = Expired
link-revoke = Withdraw the link
link-create = Create a link
link-created-title = Link created
link-created-lead = Here is the link “{ $label }”. Copy it now: for security, it will not be shown again.
link-created-expires = It works until { $when }, unless you withdraw it.
link-url = Link to send
link-copy = Copy the link
link-copied = Link copied.
link-copy-failed = The link could not be copied: it is selected, copy it with Ctrl+C (or ⌘+C).
link-back = Back to the project
link-open-title = Documents shared with you
link-open-lead = This link gives access to documents sent to you. Open them with the button below.
link-open-button = See the documents
link-revoked = This link was withdrawn by its sender. Ask them for a new link if needed.
shared-lead = Documents this link gives access to.
error-link-days = Enter a number of days between 1 and 365.
journal-link-create = Link created
journal-link-revoke = Link withdrawn
journal-link-open = Link opened

## Document requests
requests-title = Documents requested from the customer
requests-none = No requests yet.
requests-for-you = Documents expected from you
request-due = due { $date }
request-fulfilled = Received
request-outstanding = Outstanding
request-see-document = See the document
request-create = Request this document
request-send = Send the file
field-request-title = Document requested (e.g. signed plan)
field-request-due = Due on
field-request-description = Details (optional)
journal-request-create = Document requested
journal-request-fulfil = Request fulfilled

documents-zip-all = Download all (ZIP)
documents-zip-selected = Download the ticked documents (ZIP)
journal-project-zip = Project downloaded (ZIP)

comments-title = Messages
comments-none = No messages yet.
comment-new = Your message
comment-send = Send the message
journal-comment-add = Message added
mention-email-subject = { $author } mentioned you in “{ $project }”
mention-email-body =
    Hello,

    { $author } mentioned you in a message about “{ $project }”:

    { $excerpt }

    To read and reply:
    { $link }

    { $provider }

## Per-contact access to a project or a document
journal-document-preview = Document previewed
journal-share-set = Access changed
share-title = Access by contact
share-lead-project = What each contact of the account may do with this project's documents. By default their role decides; set a level to share more with someone, or less.
share-lead-document = What each contact may do with this document. By default the project's setting (or their role) decides.
share-no-contacts = This account has no contacts yet.
share-by-role = By their role
share-setting = Setting
share-effective = Result
share-set-role = As their role says
share-set-project = As for the project
share-set-only-shared = Only documents shared one by one
share-set-hidden = Hidden from them
share-none = No access
share-hidden = Only documents shared one by one
share-view = View only
share-download = View and download
share-upload = View, download and add files
notice-shared = Access saved.
document-view-only = View only
document-view-only-hint = You may view this document, but not download it. Ask your contact if you need the file.
document-pages-lead = Version { $number } · { $file }
document-pages-watermark = Each page is shown as an image marked with your name and the time of viewing. This document cannot be downloaded.
document-pages-alt = Page { $n } of { $total }
document-pages-partial = The first { $shown } pages of { $total } are shown.
document-pages-unavailable = This file cannot be shown here: it can be viewed only by people who may download it. Ask { $provider } if you need to see it.
document-pages-back = Back to the document
size-mb = { $n } MB
size-kb = { $n } kB
size-b = { $n } { $count ->
    [one] byte
   *[other] bytes
}
error-upload-limit = Files of up to { $size } are accepted here.
documents-upload-limit = Up to { $size } per file.
document-status-change = Change the status
journal-document-status = Status changed
link-email-subject = { $provider } — documents for you: { $project }
link-email-body =
    Hello,

    { $sender } of { $provider } shares documents of the project “{ $project }” with you.

    To view them:
    { $link }

    This link works until { $until }. Keep it to yourself: anyone holding it can open these documents.

    { $provider }
link-email-body-sign-in =
    Hello,

    { $sender } of { $provider } shares documents of the project “{ $project }” with you.

    To view them, open this link and sign in to your customer portal:
    { $link }

    This link works until { $until }.

    { $provider }
field-link-email = Email it to (optional)
field-link-sign-in = Only for contacts of this account, signed in
link-created-sent = The link was emailed to { $email }.
link-sign-in-lead = These documents are for the contacts of the account. Sign in to your portal, then open them.
link-sign-in-button = Sign in to open
journal-link-send = Link emailed
link-requires-sign-in = Sign-in required
notify-comment-new = a new message on a project I follow
mention-digest-line = { $author } mentioned you about “{ $project }”: { $excerpt } — { $link }
comment-digest-line = { $author } wrote about “{ $project }”: { $excerpt } — { $link }
comment-email-subject = New message from { $author } about “{ $project }”
comment-email-body =
    Hello,

    { $author } wrote about “{ $project }”:

    { $excerpt }

    To read and reply:
    { $link }

    You receive this because you follow this project. To stop, open it and choose “Stop following”.

    { $provider }
digest-email-subject = { $provider } — your daily summary
digest-email-body =
    Hello,

    Here is what happened since yesterday ({ $count }):

    { $lines }

    To change what you receive: { $link }

    { $provider }
comment-follow = Follow this project
comment-unfollow = Stop following
comment-following = You receive an email for each new message here.
comment-unread = New
comment-attachment = Attach a file (optional)
comment-attached = Attached file
comments-unread = { $count } new message(s)
documents-all-title = All my documents
documents-all-link = All my documents
documents-search = Search documents
documents-all-kinds = All types
documents-next-page = Next documents
journal-timeline-link = See the history of this project
document-journal = Activity on this document
project-team = Team on this project
project-team-lead = The people of your company the customer sees on the project page, with their email and phone.
project-your-team = Your contacts at { $provider }
journal-project-team = Team changed
journal-journal-export = Journal exported (CSV)
journal-access-refused = Access refused
journal-csrf-refused = Form refused (security token missing or wrong)
link-issued-by = Issued by

## Project flows (pipelines)
nav-flows = Flows
flows-title = Project flows
flows-intro = A flow models your process once: its stages, what the customer sees and does at each step, and where each of their actions leads. Put a project in a flow from its page.
flows-none = No flow yet.
flow-name = Internal name
flow-name-hint = Seen by your team only. Leave empty to keep the template's name.
flow-public-name = Name shown to customers
flow-public-description = Description shown to customers
flow-steps = Steps
flow-projects = Projects
flow-projects-count = { $count ->
    [one] 1 project
   *[other] { $count } projects
}
flow-new = New flow
flow-template = Start from
flow-template-solar = Residential solar installation
flow-template-study = Geotechnical study
flow-template-choose = Choose a template to start from.
flow-create = Create the flow
flow-notice-created = Flow created. Adjust it below.
flow-notice-saved = Flow saved. Projects already in it follow the new version.
flow-step = Step (internal)
flow-step-public = Shown to customers
flow-page = Page
flow-fields = Fields
flow-transitions = Customer actions
flow-staff-moves = Moved on by your team
flow-terms = Terms
flow-notify-customer = emails the customer
flow-notify-staff = emails the team
flow-edit = Edit the flow
flow-definition = Definition (JSON)
flow-definition-hint = Statuses and their steps in order, fields, terms and transitions. Renaming and adding steps apply at once; removing a step that projects are at asks where they go. Changing the text of terms publishes a new version.
flow-save-definition = Save the flow
flow-needs-destination = Projects are at steps this version removes. Choose where each group goes, then save again.
flow-destinations = Where the projects go
flow-destination-for = Projects at “{ $step }” move to
flow-problem-empty = The flow needs at least one status with one step.
flow-problem-bad-key = Key “{ $key }”: use lowercase letters, digits and underscores (1 to 40).
flow-problem-duplicate = Key “{ $key }” is used twice.
flow-problem-name = “{ $key }” needs a public name in French or in English.
flow-problem-target = Step “{ $step }” leads to “{ $target }”, which is not a step of this flow.
flow-problem-action = Step “{ $step }”: “{ $action }” is not a customer action.
flow-problem-action-page = Step “{ $step }”: its page does not offer the action “{ $action }”.
flow-problem-field = Step “{ $step }” shows the field “{ $field }”, which is not defined.
flow-problem-terms = Step “{ $step }” asks for the terms “{ $terms }”, which are not defined.
flow-problem-choices = Field “{ $key }” is a choice: give it choices.
flow-problem-terms-text = Terms “{ $key }” have no text.
flow-problem-json = The definition is not valid JSON (line { $line }, column { $column }): { $detail }
flow-page-none = No page
flow-page-initial_documentation = Initial documentation
flow-page-offer_documentation = Offer documentation
flow-page-financing_documentation = Financing documentation
flow-page-contract_documentation = Contract documentation
flow-page-installation_documentation = Installation documentation
flow-page-drawing = Drawing
flow-page-offer = Offer
flow-page-visit = Installer visit
flow-page-contract = Contract signing
flow-page-success = Finalisation — success
flow-page-failed = Finalisation — failed
flow-action-documentation_submitted = Documentation submitted
flow-action-drawing_submitted = Drawing submitted
flow-action-offer_accepted = Offer accepted
flow-action-offer_refused = Offer declined
flow-action-terms_accepted = Terms accepted
flow-action-reactivation_requested = Reactivation requested
flow-kind-text = text
flow-kind-long_text = long text
flow-kind-number = number
flow-kind-date = date
flow-kind-yes_no = yes/no
flow-kind-choice = choice
flow-kind-email = email
flow-kind-phone = phone
flow-kind-file = file
flow-use-required = required
flow-use-optional = optional
flow-use-read-only = read-only
flow-project-title = Flow
flow-customer-sees = the customer sees
flow-see-file = See the file
flow-move-to = Move the project to
flow-move = Move
flow-start = Put the project in a flow
flow-restart = Start the project over in a flow
flow-start-button = Start
flow-visit-plan = Technician's visit
flow-visit-technician = Technician
flow-visit-date = Date
flow-visit-start = From
flow-visit-end = To
flow-visit-note = Note for the customer
flow-visit-save = Save the visit
flow-visit-clear = Remove the visit
flow-progress = Progress of your project
flow-state-done = done
flow-state-current = current step
flow-state-ahead = to come
flow-now = Where your project stands
flow-since = since { $date }
flow-saved = Saved. You can come back to finish later.
flow-moved = Thank you! Your project has moved to the next step.
flow-drawing = Drawing saved. You can change it until you submit it.
flow-save = Save for later
flow-read-only = Your role lets you follow this project, not move it forward.
flow-required = required
flow-yes = Yes
flow-no = No
flow-file-given = Already sent:
flow-given = What you have sent us
flow-offer-choose = Choose the offer you accept
flow-offer-read = Read
flow-offer-none = Your offer is not ready yet. We will let you know.
flow-offer-quotes-lead = Read each quote, then accept it by signing, or refuse it, on its page. Your project moves on by itself.
flow-offer-open-quote = Read and answer
flow-contract-none = Your contract is not ready yet. We will let you know.
flow-terms-version = version { $version }
flow-terms-accept = I have read and I accept these terms.
flow-visit-when = When
flow-visit-calendar = Add to my calendar (.ics)
flow-visit-unplanned = The date of the visit is not set yet. We will let you know.
flow-visit-summary = Technician's visit — { $project }
flow-drawing-lead = Click on the grid to place the corners of the area (each square is 5 m), or type the corners below, or just give a width and a length.
flow-drawing-undo = Remove the last corner
flow-drawing-clear = Start over
flow-drawing-points = Corners, in metres
flow-drawing-points-hint = x,y pairs separated by spaces, e.g. 0,0 12,0 12,8 0,8
flow-drawing-rectangle = Or a rectangle
flow-drawing-width = Width (m)
flow-drawing-length = Length (m)
flow-drawing-saved = See the saved drawing
flow-drawing-save = Save the drawing
flow-do-documentation_submitted = Submit
flow-do-drawing_submitted = Submit my drawing
flow-do-offer_accepted = Accept the offer
flow-do-offer_refused = Decline the offer
flow-do-terms_accepted = I accept and continue
flow-do-reactivation_requested = Reactivate my project
error-flow-moved = This step has already moved on (someone else may have completed it). Nothing was changed; open the project again to see where it stands.
error-flow-terms = Please read and accept the terms to continue.
error-flow-quote = Choose the offer you accept.
error-flow-quote-settled = This offer has already been answered.
error-flow-drawing = Give at least three corners (x,y in metres), or a width and a length.
error-flow-fields-first = Fill in the required information of this step first.
error-flow-visit-order = The visit must end after it starts.
error-flow-visit-time = Give the date and the start and end times of the visit.
flow-email-subject = { $project }: { $step }
flow-email-body =
    Hello,

    Your project “{ $project }” ({ $flow }) is now at the step “{ $step }”.
    { $description }

    See it: { $link }

    — { $provider }
flow-digest-line = “{ $project }” is now at “{ $step }” — { $link }
journal-flow-create = Flow created
journal-flow-edit = Flow changed
journal-flow-start = Project put in a flow
journal-flow-move = Step changed by the team
journal-flow-step = Step completed
journal-flow-save = Information saved
journal-flow-terms = Terms accepted
journal-flow-visit = Visit planned
flow-edit-advanced = Edit the whole definition (JSON)
flow-step-edit = Step
flow-step-add = New step in “{ $status }” (internal name)
flow-step-add-button = Add the step
flow-step-internal-required = Give the step an internal name.
flow-step-in-use = { $count ->
    [one] One project is
   *[other] { $count } projects are
} at “{ $step }”: choose where { $count ->
    [one] it goes
   *[other] they go
}.
flow-step-remove = Remove this step
flow-step-remove-in-use = { $count ->
    [one] One project is at this step. It will move
   *[other] { $count } projects are at this step. They will move
} to the step you choose.
flow-step-remove-free = No project is at this step. Transitions that led to it are removed with it.
flow-change-refused = This change was not saved.
flow-page-kind = Page shown to the customer
flow-page-text = Text of the page
flow-page-text-hint = Instructions on the page; for a finalisation, the closing text.
flow-terms-none = No terms
flow-notify-customer-long = Email the customer's contacts when a project arrives here
flow-notify-staff-long = Email the project's team (or the managers) when a project arrives here
flow-use-hidden = not shown
flow-transitions-hint = Where each customer action on this page takes the project. An action the page does not offer is refused when you save.
flow-field-add = Add a field
flow-field-label = Label
flow-field-kind = Type
flow-field-choices = Choices (for a choice field)
flow-field-choices-hint = One per line, French | English, e.g. Sud | South
flow-field-label-required = Give the field a label.
flow-terms-add = Add terms
flow-terms-title = Title
flow-terms-text = Text
flow-terms-publish = Publish this version
flow-terms-versions-lead = Each change of the text is published as a new version; acceptances name the version that was accepted.
flow-terms-text-required = The terms need a text.
flow-list-step = Now: { $step }
flow-visit-email-subject = { $project }: technician's visit on { $when }
flow-visit-email-body =
    Hello,

    Our technician { $technician } will come for “{ $project }” on { $when }.
    { $note }

    Add it to your calendar from your project's page: { $link }

    — { $provider }
flow-visit-digest-line = “{ $project }”: technician's visit on { $when } — { $link }
flow-status = Stage (internal)
flow-status-edit = Edit the stage
flow-status-add = New stage (internal name)
flow-status-add-button = Add the stage
flow-status-internal-required = Give the stage an internal name.
flow-status-remove = Remove this stage
flow-status-not-empty = Move or remove its steps first: only an empty stage can be removed.
flow-move-up = Move up
flow-move-down = Move down
flow-cannot-move = It cannot move further that way.
flow-waiting-lead = The projects at this step, the longest waiting first.
flow-waiting-none = No project is at this step.
flow-waiting-customer = Customer
flow-waiting-since = Here since
flow-offer-version = Version { $version }
error-flow-quote-changed = This quote changed since the page was shown (a new version was added, or it was already answered). Look at it again before accepting: nothing was accepted.
error-flow-terms-changed = New terms came into force since the page was shown. Read them again before accepting: nothing was accepted.
error-flow-offer-quotes = This offer is now answered on its quote's page, with your signature: nothing was accepted or refused here.
error-document-frozen = This document was agreed to (accepted or signed): it can no longer change. Add a new document instead.
journal-document-accepted = Accepted
receipt-subject = Receipt: { $document } accepted — { $provider }
receipt-body =
    { $who } accepted “{ $document }” (project { $project }) on { $when }, from the address { $ip }.

    File accepted: { $file } (version { $version })
    SHA-256 fingerprint: { $sha256 }

    This document is now final; the acceptance is kept in the project’s history:
    { $link }

    { $provider }
error-control-characters = The form holds invisible control characters (such as a NUL byte), which are not accepted. Nothing was saved: remove them and try again.

# Sales: catalog, cart, orders
field-placed-by = Placed by
field-po-number = PO number
orders-search = Find an order (number, PO number, customer)
orders-pages = Order pages
orders-newest = ← Newest
orders-older = Older orders →
orders-all-statuses = All statuses
order-status-partially_shipped = Partly shipped
order-shipments = Shipments
order-line-shipped = { $shipped } of { $quantity } shipped
order-ship-title = Record a shipment
order-ship-left = Left to ship
order-ship-now = In this shipment
order-ship = Record the shipment
order-nothing-to-ship = Nothing is left to ship on this order.
error-ship-quantity = A quantity in this shipment is more than is left to ship, or not a whole number.
error-ship-nothing = Enter how many of at least one product leave in this shipment.
product-image = Picture
product-image-of = Picture of { $name }
product-image-none = No picture yet.
product-image-choose = A picture (PNG, JPEG or WebP)
product-image-hint = At most 5 MB; it replaces the current one. Customers see it in their catalog.
product-image-save = Save the picture
notice-image-saved = The picture is saved.
error-image-type = This file is not a PNG, JPEG or WebP picture. Nothing was changed.
email-order-new-subject = { $provider } — new order { $number } from { $company }
email-order-new-body =
    Hello { $name },

    { $company } placed order { $number } ({ $total }, taxes included):
    { $link }

    { $provider }
order-new-digest-line = New order { $number } from { $company } ({ $total })
catalog-favourites-only = My favourites only
catalog-pages = Catalog pages
catalog-previous = ← Previous page
catalog-next = Next page →
catalog-page = Page { $page }
catalog-no-favourites = No favourites yet: mark products with ☆ to find them here.
favourite-add = Add to favourites
favourite-remove = Remove from favourites
customer-prices-title = What this customer pays
customer-prices-empty = No product is priced for this customer yet.
price-rule-applied = Rule applied
price-rule-own = Its own price
order-status-awaiting_approval = Awaiting approval
notice-order-awaiting = Order { $number } is placed. It is above your company’s approval amount: it goes to the provider once an approver of your company accepts it (they have been told).
notice-order-approved = The order is approved: it is on its way to the provider.
notice-order-refused = The order is refused; whoever placed it sees why.
notice-approval-saved = The approval amount is saved.
orders-to-approve = Orders awaiting your approval
orders-to-approve-more = The newest { $count } are listed here; the others are in the list below, marked "{ order-status-awaiting_approval }".
order-approval-title = Approval of orders
order-approval-above = Orders above { $amount } wait for an approver of your company before they reach the provider.
order-approval-none = Every order goes straight to the provider.
order-approval-amount = Approval above (in { $currency })
order-approval-hint = Leave empty so that no order waits for approval. People whose role may edit orders approve, and their own orders never wait.
order-decide-title = Approve this order?
order-decide-lead = { $who } placed this order; it reaches the provider only once approved.
order-approve = Approve and send to the provider
order-refuse-reason = Reason for refusing (shown to whoever placed it)
order-refuse = Refuse the order
order-no-longer-awaiting = This order no longer awaits approval: someone decided meanwhile.
email-order-approval-subject = { $provider } — order { $number } awaits your approval
email-order-approval-body =
    Hello { $name },

    { $who } placed order { $number } ({ $total }, taxes included), above your company’s approval amount. It reaches { $provider } once approved:
    { $link }

    { $provider }
order-approval-digest-line = Order { $number } by { $who } awaits your approval
area-orders-lead = Order from your catalog at your prices, and follow each order to delivery.
nav-catalog = Order
nav-orders = Orders
nav-cart = Cart
catalog-title = Order from the catalog
catalog-lead = Products and prices for { $company }
catalog-search = Search the catalog
catalog-all-categories = All categories
catalog-empty = No products are offered to your company yet. Your provider can tell you more.
catalog-none-found = No product matches this search.
field-category = Category
field-quantity = Quantity
field-product = Product
field-unit-price = Unit price
field-line-total = Total
product-sku = Code { $sku }
product-minimum = Minimum { $quantity }.
product-multiple = By { $quantity }.
price-breaks = Quantity prices
price-from-quantity = From { $quantity }
availability-in-stock = In stock
availability-lead-time = Ready in { $days ->
    [one] { $days } day
   *[other] { $days } days
}
availability-lead-time-choice = Made or brought in (lead time)
availability-on-order = On order
unit-per-each = each
unit-per-box = per box
unit-per-metre = per metre
unit-per-kilogram = per kilogram
unit-per-litre = per litre
unit-per-hour = per hour
unit-each = Each
unit-box = Box
unit-metre = Metre
unit-kilogram = Kilogram
unit-litre = Litre
unit-hour = Hour
cart-add = Add to cart
cart-see = See my cart
notice-cart-added = { $sku } was added to your cart.
cart-title = My cart
cart-lead = For { $company }: what you are about to order.
cart-empty = Your cart is empty.
cart-browse = Browse the catalog
cart-update = Update
cart-remove = Remove
cart-price-was = was { $price }
cart-prices-changed = Some prices have changed since you added these products. The cart shows today’s prices; check them before ordering.
cart-quantity-problem = This quantity no longer fits the product’s minimum or multiple: change it.
cart-no-longer-sold = This product is no longer offered to your company: remove it to order the rest.
cart-not-orderable = Some lines cannot be ordered as they are: see the notes in the cart.
cart-changed = Your cart changed since this page was shown (another tab, or a price). Nothing was ordered: check the cart below and order again.
order-form-expired = This order form has expired. Nothing was ordered: check your cart and order again.
tax-gst = GST
tax-qst = QST
tax-hst = HST
tax-pst = PST
tax-rst = RST
order-subtotal = Subtotal
order-total = Total
order-details = Delivery and references
order-ship-to = Deliver to
order-other-address = Another address, for this order only
order-requested-on = Requested delivery date
order-po-number = Your purchase order number
order-note = Note for the provider
order-confirm-total = By placing this order you commit to paying { $total }, taxes included.
order-place = Place the order
error-date-past = This date is already past.
error-quantity = Enter a whole quantity of at least 1.
error-quantity-minimum = This quantity is below the product’s minimum.
error-quantity-multiple = This product is sold by multiples: adjust the quantity.
orders-title = Orders
orders-new = New order
orders-empty = No orders yet.
orders-empty-staff = No orders here.
orders-filter = Which orders
orders-show-all = Show all orders
orders-show-open = Show open orders only
orders-open-lead = Orders still to deliver, newest first.
orders-all-lead = Every order, newest first.
field-order-number = Order
field-order-date = Placed
order-status = Status
order-placed-by = Placed by { $who }
order-number = Order { $number }
order-status-received = Received
order-status-in_preparation = In preparation
order-status-in_production = In production
order-status-shipped = Shipped
order-status-delivered = Delivered
order-status-cancelled = Cancelled
order-progress = Progress of the order
order-shipment = Shipment
order-carrier = Carrier
order-tracking = Tracking number
order-expected-on = Expected delivery
opens-new-window = (opens a new window)
order-lines = Products ordered
order-timeline = History
order-again = Order again
order-cancel-title = Cancel this order
order-cancel-lead = Your provider has not started on it yet: you may still cancel it.
order-cancel-reason = Reason (optional)
order-cancel = Cancel the order
order-no-longer-cancellable = This order can no longer be cancelled: your provider has started on it. Write to them if needed.
order-moved-meanwhile = This order was moved meanwhile. Nothing was changed: see where it is now.
notice-order-placed = Thank you: order { $number } is placed. A confirmation is on its way by email.
notice-order-cancelled = The order is cancelled.
notice-order-reordered = The products are in your cart.
notice-order-reordered-skipped = The products still offered are in your cart; these are no longer: { $skus }.
order-move-title = Move the order
order-move-to = New status
order-shipment-when-shipped = Shipment (when shipping)
order-move-note = Note for the customer (optional)
order-move = Save
error-tracking = Letters and digits only, at most 40.
carrier-canada_post = Canada Post
carrier-purolator = Purolator
carrier-ups = UPS
carrier-fedex = FedEx
carrier-other = Other carrier
email-order-received-subject = { $provider } — order { $number } received
email-order-received-body =
    Hello { $name },

    { $provider } has received your order { $number } ({ $total }, taxes included).
    Follow it here:
    { $link }

    { $provider }
email-order-moved-subject = { $provider } — order { $number }: { $status }
email-order-moved-body =
    Hello { $name },

    Your order { $number } is now: { $status }.
    { $link }
    { $tracking }

    { $provider }
order-digest-line = Order { $number }: { $status }
staff-catalog-title = Catalog
staff-catalog-empty = No products yet.
product-new = New product
product-details = Product
product-active = Sold
product-withdrawn = Withdrawn
product-sold = Offered to customers
field-sku = Code (SKU)
field-name-fr = Name in French
field-name-en = Name in English
field-description-fr = Description in French
field-description-en = Description in English
field-category-fr = Category in French
field-category-en = Category in English
field-unit = Unit
field-availability = Availability
field-lead-days = Lead time in days
field-min-quantity = Minimum quantity
field-multiple = Sold by multiples of
field-product-state = State
error-sku-taken = Another product already has this code.
error-min-not-multiple = The minimum must be a multiple of the quantity step.
error-edited-meanwhile = Someone saved this product meanwhile. Their version is shown; make your changes again.
notice-product-created = The product is created. Give it a price so customers can order it.
prices-title = Prices
prices-lead = The price a customer sees is its own if it has one, else its segment’s, else the base price; within those, the largest quantity break it reaches.
prices-empty = No price yet: no customer sees this product.
price-target = For
price-target-base = Everyone (base price)
price-target-segment = Segment { $name }
price-target-customer = Customer { $name }
price-min-quantity = From quantity
price-amount = Unit price
price-validity = Valid
price-valid-from = from { $date }
price-valid-until = until { $date }
price-always = Always
price-from = Valid from
price-until = Valid until
price-add = Add a price
price-remove = Remove
notice-price-added = The price is added.
notice-price-removed = The price is removed.
error-end-before-start = The end comes before the start.
segments-title = Customer segments
segments-lead = Groups of customers who share prices (distributors, contractors…).
segments-empty = No segments yet.
segment-name = Segment name
segment-add = Add the segment
segment-none = None
error-segment-taken = A segment already has this name.
notice-segment-created = The segment is added.
customer-sales-title = Sales
field-segment = Segment
field-tax-region = Taxed in
notice-terms-saved = The sales terms are saved.
tax-region-qc = Quebec (GST + QST)
tax-region-on = Ontario (HST 13%)
tax-region-bc = British Columbia (GST + PST)
tax-region-ab = Alberta (GST)
tax-region-mb = Manitoba (GST + RST)
tax-region-sk = Saskatchewan (GST + PST)
tax-region-ns = Nova Scotia (HST 14%)
tax-region-nb = New Brunswick (HST 15%)
tax-region-nl = Newfoundland and Labrador (HST 15%)
tax-region-pe = Prince Edward Island (HST 15%)
tax-region-nt = Northwest Territories (GST)
tax-region-nu = Nunavut (GST)
tax-region-yt = Yukon (GST)
tax-region-outside = Outside Canada (no tax)
tax-region-exempt = Exempt
# Catalog import
catalog-import-link = Import a CSV file
catalog-import-title = Import the catalog
catalog-import-lead = Create or update products, or add prices, from a CSV file (UTF-8, separated by commas or semicolons, with a header line). The file is checked first without saving anything: the report says what each line will do. Then you apply it.
catalog-import-kind = The file holds
catalog-import-kind-products = Products
catalog-import-kind-prices = Prices
catalog-import-products-help = Products: one per code (SKU). A new code creates the product, an existing code updates it; an identical line changes nothing. Unit: each, box, metre, kilogram, litre or hour. Availability: in_stock, lead_time (with lead_days) or on_order. Active: yes or no (empty: yes).
catalog-import-prices-help = Prices: each line adds a price to the product with that code. Target: base, segment:segment name or customer:customer number. Amount: 1234.50 or 1234,50; currency: CAD, USD or EUR; dates YYYY-MM-DD, optional. A price identical to an existing one is not added again.
catalog-import-columns = Columns: { $columns }
catalog-import-file = CSV file (at most { $size })
catalog-import-check = Check the file
catalog-import-report-title = File check
catalog-import-applied-title = Import done
catalog-import-dry-run = Nothing is saved yet. Here is what each line will do.
catalog-import-done = The file is applied. Here is what each line did.
catalog-import-count-lines = Lines read: { $count }
catalog-import-count-created = Products created: { $count }
catalog-import-count-updated = Products updated: { $count }
catalog-import-count-unchanged = Lines without change: { $count }
catalog-import-count-prices-added = Prices added: { $count }
catalog-import-count-refused = Lines refused: { $count }
catalog-import-unlisted = { $count } more lines are counted above but not listed (only the first 200 problems and the first 200 other lines are).
catalog-import-line = Line
catalog-import-result = Result
catalog-import-will-create = Will be created
catalog-import-created = Created
catalog-import-will-update = Will be updated
catalog-import-updated = Updated
catalog-import-unchanged = Unchanged
catalog-import-will-add-price = Price to add
catalog-import-price-added = Price added
catalog-import-problem = { $column }: { $message }
catalog-import-apply-lead = To apply these changes, choose the same file again: it is compared with the one just checked (SHA-256 fingerprint), and only that file is applied.
catalog-import-same-file = The same file
catalog-import-apply = Apply
catalog-import-back = Back to the catalog
catalog-import-bad-header = This file is not a CSV of this kind. Its first line must name these columns: { $columns }.
catalog-import-empty = This file holds no line after its header.
catalog-import-not-checked-file = This file is not the one that was checked. Nothing was saved: check it first.
catalog-import-unknown-sku = Unknown product code
catalog-import-unknown-segment = Unknown segment
catalog-import-unknown-customer = Unknown customer number
catalog-import-bad-target = Write base, segment:name or customer:number
catalog-import-duplicate-sku = This code is already on an earlier line of the file
catalog-import-cell-count = Not as many cells as the header names
catalog-import-control-characters = Control characters (a NUL byte…) in the cell
catalog-import-unreadable-line = Unreadable line (not UTF-8, or unclosed quotes)
catalog-import-edited-meanwhile = The product was changed meanwhile; check the file again

# Local formats
format-range = { $start } to { $end }
format-range-days = { $start } to { $end }
format-now = just now
format-minutes-ago = { $n } { $n ->
    [one] minute
   *[other] minutes
} ago
format-hours-ago = { $n } { $n ->
    [one] hour
   *[other] hours
} ago
format-days-ago = { $n } { $n ->
    [one] day
   *[other] days
} ago
format-in-minutes = in { $n } { $n ->
    [one] minute
   *[other] minutes
}
format-in-hours = in { $n } { $n ->
    [one] hour
   *[other] hours
}
format-in-days = in { $n } { $n ->
    [one] day
   *[other] days
}
format-zone-shown = Times shown in { $zone }
format-when-zone = { $when } ({ $zone })
format-dates-from-to = { $start } to { $end }
format-dates-from = From { $start }
format-dates-until = Until { $end }
format-quoted = “{ $text }”
flow-visit-note-shown = Note
size-gb = { $n } GB

# Sales: quotes
nav-quotes = Quotes
quotes-title = Quotes
quotes-empty = No quotes yet.
quotes-ask = Ask for a quote
quotes-ask-lead = Describe what you need (products, quantities, timing). We will answer with a quote you can accept online.
quotes-send-request = Send the request
quotes-from-cart-hint = You can also ask for a quote for what is in your cart:
quotes-all = All
quotes-filter = Filter
quotes-new = New quote
quotes-create = Create the quote
field-quote-number = Number
field-quote-title = Subject
field-quote-request = Your request
quote-number = Quote { $number }
quote-status = Status
quote-status-draft = Being prepared
quote-status-sent = To accept
quote-status-accepted = Accepted
quote-status-refused = Declined
quote-status-withdrawn = Withdrawn
quote-status-expired = Expired
quote-total = Total
quote-updated = Updated
quote-valid-until = Valid until
quote-requested-by = requested by { $who }
quote-request = Request
quote-being-prepared = We received your request: we are preparing your quote and will let you know as soon as it is ready.
quote-being-revised-lead = This quote is being revised: the new version will be sent to you shortly.
quote-lines = Quote lines
quote-discount = Discount
quote-discount-percent = Discount (%)
quote-deposit = Deposit ({ $percent }%)
quote-deposit-due = A deposit of { $amount } will be due on acceptance.
quote-documents = Documents
quote-terms = Terms
quote-revision-pdf = Quote, version { $revision } (PDF)
quote-accepted-title = Acceptance
quote-signed-by = Signed by
quote-signed-at = On
quote-signed-revision = Version accepted
quote-order = Order
quote-receipt = Download the acceptance receipt (PDF)
quote-refused-title = Quote declined
quote-refused-by = Declined by { $who }. Reason:
quote-accept-title = Accept the quote
quote-accept-lead = You are accepting version { $revision } of this quote, exactly as shown on this page and in its PDF.
quote-signer-name = Your full name
quote-signature-draw = Sign in the box below with a mouse, finger or stylus (optional).
quote-signature-pad = Signature area
quote-signature-clear = Clear the signature
quote-signature-typed = Without a drawn signature, your typed name is your signature.
quote-consent = I accept version { $revision } of this quote and its terms, and I confirm I am authorized to bind my company.
quote-accept = Accept and sign
quote-refuse-title = Decline the quote
quote-refuse-reason = Reason for declining
quote-refuse = Decline
quote-renew-title = Quote expired
quote-renew-lead = This quote’s validity date has passed: it can no longer be accepted. You may ask for it to be renewed.
quote-renew-message = Message (optional)
quote-renew = Ask for a renewal
quote-edit-title = Prepare the quote
quote-renewal-asked = The customer asks for a renewal:
quote-lines-hint = Leave the price empty to use the customer’s price; set the quantity to 0 to remove a line.
quote-add-sku = Add a product (SKU)
quote-deposit-percent = Deposit asked (%)
field-quote-project = Project
quote-project-none = No project
quote-project-hint = The project's offer step will show this quote; accepting or refusing it moves the project on.
quote-for-project = For the project:
quote-lang = Language of the PDF
quote-send = Send to the customer
quote-send-hint = Sending makes the new version’s PDF and tells the customer. Save your changes first.
quote-manage-title = Manage the quote
quote-reopen = Revise
quote-withdraw = Withdraw
quote-reopen-hint = Revising puts the quote back in preparation: the version sent can no longer be accepted until the next one is sent.
quote-file-prefix = quote
quote-receipt-file-prefix = acceptance-receipt
quote-from-cart-title = Quote for my cart
quote-cart-empty = Your cart is empty: add products, or describe your request.
quote-changed = This quote changed since the page was shown. Nothing was accepted or declined: here is the quote as it is now.
quote-being-revised = This quote is being revised: nothing was accepted. The new version will be sent to you.
quote-settled = This quote was already accepted, declined or withdrawn.
quote-expired = This quote has expired: it can no longer be accepted. You may ask for it to be renewed.
quote-not-expired = This quote has not expired.
quote-not-draft = Only a quote being prepared can be changed or sent: revise it first.
quote-signature-invalid = The drawn signature could not be read. Clear it and sign again, or keep your typed name as your signature.
quote-consent-required = Tick the box to confirm your acceptance.
quote-deposit-invalid = Enter a whole percentage from 0 to 100.
quote-discount-invalid = Enter a percentage from 0 to 100.
quote-price-required = This customer has no price for this product: enter a price.
quote-sku-unknown = No product has this SKU.
quote-too-many-lines = A quote has at most 200 lines.
quote-too-large = These amounts are too large.
quote-no-lines = Add at least one product before sending.
quote-valid-until-required = Enter the validity date before sending.
notice-quote-requested = Request sent. We will let you know as soon as the quote is ready.
notice-quote-refused = Quote declined. We passed on your reason.
notice-quote-renewal = Renewal request sent.
notice-quote-sent = Quote sent to the customer.
notice-quote-reopened = Quote back in preparation.
notice-quote-withdrawn = Quote withdrawn.
notice-order-from-quote = Quote accepted: here is order { $number }. An acceptance receipt is on the quote’s page.
quote-sent-digest-line = Quote { $number } to accept: { $title } ({ $total })
quote-staff-digest-line = Quote { $number } from { $company }: { $title }
email-quote-sent-subject = { $provider } — quote { $number } to accept
email-quote-sent-body =
    Hello { $name },

    Quote { $number } (“{ $title }”, { $total } including taxes) is ready. It is valid until { $until }.
    Read it, ask your questions and accept it online:
    { $link }

    { $provider }
email-quote-request-subject = { $provider } — quote request { $number } from { $company }
email-quote-request-body =
    Hello { $name },

    { $company } asks for a quote: “{ $title }”.
    { $link }

    { $provider }
email-quote-accepted-subject = { $provider } — quote { $number } accepted by { $company }
email-quote-accepted-body =
    Hello { $name },

    { $company } accepted quote { $number } (“{ $title }”). The order was created; the acceptance receipt is on the quote’s page:
    { $link }

    { $provider }
email-quote-refused-subject = { $provider } — quote { $number } declined by { $company }
email-quote-refused-body =
    Hello { $name },

    { $company } declined quote { $number } (“{ $title }”). Reason:
    { $reason }

    { $link }

    { $provider }
email-quote-renewal-subject = { $provider } — { $company } asks to renew quote { $number }
email-quote-renewal-body =
    Hello { $name },

    { $company } asks for the expired quote { $number } (“{ $title }”) to be renewed.
    { $reason }

    { $link }

    { $provider }
pdf-quote-title = Quote { $number } — version { $revision }
pdf-quote-customer = Customer
pdf-quote-title-label = Subject
pdf-quote-date = Date
pdf-quote-valid-until = Valid until
pdf-quote-requested-by = Requested by
pdf-quote-prepared-by = Prepared by
pdf-col-sku = SKU
pdf-col-product = Product
pdf-col-quantity = Quantity
pdf-col-unit-price = Unit price
pdf-col-discount = Discount
pdf-col-total = Amount
pdf-subtotal = Subtotal
pdf-total = Total
pdf-deposit = Deposit on acceptance ({ $percent }%)
pdf-terms = Terms
pdf-how-to-accept = To accept
pdf-how-to-accept-body = Accept this quote online in your customer portal before its validity date. Acceptance applies to this exact version of the document.
pdf-receipt-title = Acceptance receipt — quote { $number }
pdf-receipt-revision = Version accepted
pdf-receipt-sha256 = SHA-256 of the PDF accepted
pdf-receipt-total = Total
pdf-receipt-signed-by = Name signed
pdf-receipt-account = Account used
pdf-receipt-when = Date and time
pdf-receipt-ip = IP address
pdf-receipt-agent = Browser
pdf-receipt-order = Order created
pdf-receipt-signature = Signature
pdf-receipt-what = What this receipt attests
pdf-receipt-what-body = The person named above accepted online the version of the quote shown, whose PDF has the SHA-256 shown. Any document with another fingerprint is not the one accepted.
order-from-quote = From quote
order-see-quote = See the accepted quote
order-deposit-due = Deposit due
cart-quote-hint = Need a negotiated price or a large quantity? Ask for a quote for this cart.
cart-ask-quote = Ask for a quote for this cart
area-quotes-lead = Ask for a quote, read it online and accept it with a signature.
pdf-order-title = Confirmation of order { $number }
pdf-order-date = Placed on
pdf-order-placed-by = Placed by
pdf-order-po = Purchase order
pdf-order-requested-on = Date requested
pdf-order-ship-to = Ship to
pdf-order-deposit-due = Deposit due
pdf-order-note = Note
order-pdf = Download the confirmation (PDF)
order-file-prefix = order
quotes-new-for-customer = New quote for this customer

## Configurable products (issue 16)
config-title = Configurator
config-staff-lead = Customers choose one option in each group, or type a number; the product's price follows their choices. Rules say what goes together. A blank row adds, the "Remove" box takes away. With no group left, the product is an ordinary product again.
config-product-lead = This product is sold configured: the customer chooses its options, then asks for a quote.
config-product-plain = This product is sold as is. Give it option groups for customers to configure it.
config-edit = Edit the configurator
config-groups = Option groups
config-groups-hint = Key: lowercase letters, digits and "_" (for example material). A "choice" group offers options; a "number" group asks for a whole number between the minimum and the maximum, at the price per unit given.
config-key = Key
config-name-fr = Name (French)
config-name-en = Name (English)
config-kind = Type
config-kind-choice = Choice
config-kind-number = Number
config-min = Minimum
config-max = Maximum
config-unit-price = Price per unit
config-remove = Remove
config-options = Options
config-options-hint = Each option belongs to a "choice" group (its key). Its price is added to the product's; it may be negative.
config-group = Group
config-option-price = Price added
config-rules = Rules
config-rules-hint = "Requires": choosing option A means choosing option B. "Excludes": A and B never go together. "Limits": choosing A limits number group B to the minimum and maximum. Options are written group.option (for example material.wood).
config-rule-kind = Rule
config-rule-a = Option A
config-rule-b = Option or group B
config-rule-requires = Requires
config-rule-excludes = Excludes
config-rule-range = Limits
config-whole-number = Enter a whole number.
config-bad-price = Enter an amount, for example 12.50 or -5.
config-bad-group = No "choice" group has this key.
config-bad-rule = This rule names an option or group that does not exist, or two options of the same group.
config-bad-key = Invalid or repeated key: lowercase letters, digits and "_", at most 40 characters.
config-unnamed = Give it a name, in French or English.
config-no-option = This group has no options.
config-bad-range = The minimum must be at most the maximum, between 0 and 1,000,000.
config-no-group = Rules need at least one option group.
config-too-many = Too many items: at most 12 groups, 30 options per group and 60 rules.
config-too-intricate = These rules are too intricate to be checked quickly. Simplify them.
config-unsatisfiable = Nothing was saved: together, these rules leave no possible configuration. The rules at fault are marked below; remove or loosen one of them.
config-rule-conflict = This rule is part of the conflict.
config-configure = Configure
config-from = From
config-your-choices = Your choices
config-lead = Choose one option in each group. Options that do not go with your other choices are marked as not offered.
config-unavailable = not offered with your choices
config-update = Update the price
config-summary = Your configuration
config-base-price = Base price
config-your-price = Your price
config-incomplete = Make a choice in each group to see your price.
config-note = Details (optional)
config-ask-quote = Ask for a quote
config-ask-hint = We will prepare a quote for this configuration; you can accept it online.
config-no-quotes = Your role does not let you ask for quotes. Ask your company's administrator.
config-choose = Make a choice in this group.
config-out-of-range = Enter a number from { $min } to { $max }.
config-incompatible = This choice does not go with your other choices.
config-range = From { $min } to { $max }
config-per-unit = { $amount } per unit
config-quantity = Enter a quantity allowed for this product.
config-too-large = This amount is beyond what can be handled. Lower the quantity.
config-configure-first = This product is sold configured: choose its options first.

## Quote threads (issue 16)
quote-thread-title = Questions and answers
quote-thread-empty = A question about this quote? Write to us here: we will answer on this page and by email.
quote-thread-empty-staff = No question yet.
quote-thread-provider = Provider
quote-thread-ask = Your question
quote-thread-answer = Your answer
quote-thread-file = Attach a file (optional)
quote-thread-file-hint = A plan, a photo, a specification… One file per message.
quote-thread-send = Send
quote-request-file = Attach a file (optional)
quote-file-empty = This file is empty.
quote-answer-digest-line = Answer about quote { $number }: { $title }
email-quote-question-subject = { $provider } — question from { $company } about quote { $number }
email-quote-question-body =
    Hello { $name },

    { $company } asks about quote { $number } (“{ $title }”):
    { $reason }

    Answer on the quote's page:
    { $link }

    { $provider }
email-quote-answer-subject = { $provider } — answer about quote { $number }
email-quote-answer-body =
    Hello { $name },

    We answered about quote { $number } (“{ $title }”):
    { $message }

    Read it and carry on the conversation online:
    { $link }

    { $provider }

## Invoices (issue 17)
nav-invoices = Invoices
area-invoices-lead = Your invoices, what is left to pay and when.
invoices-title = Invoices
invoices-owed = What you owe
invoices-balance-in = Balance in { $currency }
invoices-of-which-overdue = of which { $amount } overdue
invoices-credit-available = credit available: { $amount }
invoices-empty = No invoices yet.
invoices-no-older = No older invoices.
invoices-pages = Invoice pages
invoices-newest = ← Newest
invoices-older = Older invoices →
invoices-filter = Which invoices
invoices-show-all = All invoices
invoices-show-unpaid = Unpaid invoices only
invoices-unpaid-lead = Invoices and credit notes with a balance left, newest first.
invoices-all-lead = All invoices and credit notes, newest first.
invoices-empty-staff = No invoices here.
invoices-none-for-order = This order is not invoiced.
invoice-number = Invoice { $number }
credit-note-number = Credit note { $number }
invoice-field-number = Number
invoice-issued-on = Invoice date
invoice-issued-on-day = Invoiced on { $day }
invoice-due-on = Due date
invoice-status = Status
invoice-total = Total
invoice-paid = Already paid
invoice-balance = Balance
invoice-lines = Invoice lines
invoice-details = Details
invoice-order = Order
invoice-see-order = See the order
invoice-note = Note
invoice-voided-at = Voided on
invoice-status-open = Open
invoice-status-partially_paid = Partially paid
invoice-status-paid = Paid
invoice-status-overdue = Overdue
invoice-status-void = Void
invoice-due-now = Amount due now
invoice-overdue-lead = Of which { $amount } is overdue: past instalments are not paid yet.
invoice-instalment-lead = This is the current instalment; the whole balance is { $balance }, payable on the schedule below.
invoice-due-by = Due by { $day }.
invoice-schedule = Payment schedule
invoice-instalment-amount = Amount
invoice-instalment-left = Left to pay
instalment-paid = Paid
instalment-overdue = Overdue
instalment-due-today = Due today
instalment-upcoming = Upcoming
invoice-bill-lead = Invoice the whole order at its prices and taxes. The total is split into equal instalments; leftover cents go on the first.
invoice-first-days = Days to the first due date (0: on receipt)
invoice-instalments = Number of instalments
invoice-every-days = Days between instalments
invoice-bill = Issue the invoice
invoice-void-title = Void the invoice
invoice-void-lead = An invoice with no payment may be voided: it keeps its number and owes nothing. The customer sees it as void.
invoice-void = Void this invoice
notice-invoice-issued = The invoice is issued. The customer sees it in their portal.
notice-invoice-voided = The invoice is void.
error-invoice-terms = Enter a whole number within the allowed limits (up to 24 instalments, 730 days).
error-invoice-terms-too-long = The last due date would fall more than two years after the invoice date.
invoice-order-cancelled = This order is cancelled: it cannot be invoiced.
invoice-order-billed = This order is already invoiced. Void the existing invoice first to issue another.
invoice-changed-meanwhile = This invoice changed since the page was shown (a payment or a voiding). Here is how it stands now.
invoice-pdf = Download the invoice (PDF)
invoice-file-prefix = invoice
credit-note-file-prefix = credit-note
pdf-invoice-title = Invoice { $number }
pdf-credit-note-title = Credit note { $number }
invoice-overdue-since = This amount was due on { $day }: it is overdue.
invoice-of-order = Invoice
error-payment-above-balance = This amount is more than the invoice's balance.
error-payment-in-future = A payment cannot be received on a future date.
payment-not-payable = This invoice awaits no payment (it is void, or a credit note).
payment-form-expired = This form has expired. Here is the invoice as it stands; enter the payment again.
invoice-payments = Payments received
invoice-payments-none = No payment received yet.
payment-received-on = Received on
payment-method = Method
payment-reference = Reference
payment-amount = Amount
payment-record-title = Record a payment received
payment-record-lead = A transfer, a cheque or another payment received for this invoice. It adds to the amount paid; the balance and status follow.
payment-record = Record the payment
payment-method-transfer = Bank transfer
payment-method-cheque = Cheque
payment-method-card = Card
payment-method-cash = Cash
payment-method-other = Other
notice-payment-recorded = The payment is recorded.
statement-title = Statement of account
statement-range = from { $from } to { $to }
statement-from = From
statement-to = To
statement-currency = Currency
statement-show = Show
statement-date = Date
statement-entry = Entry
statement-debit = Debit
statement-credit = Credit
statement-opening = Balance brought forward
statement-closing = Balance on { $day }
statement-payment = Payment — invoice { $number }
statement-aging = What is owed, by age
statement-aging-lead = What is left to pay today on each instalment, by days since its due date.
aging-current = Current
aging-1-30 = 1–30 days
aging-31-60 = 31–60 days
aging-61-90 = 61–90 days
aging-over-90 = Over 90 days
error-statement-dates = The start cannot come after the end.

## Paying online
pay-title = Pay online
pay-invoices = Invoices to pay
pay-amount = Amount to pay
pay-due-now = What is due now: { $amount }
pay-whole-balance = The whole balance: { $amount }
pay-other-amount = Another amount
pay-amount-in = Amount ({ $currency })
pay-card = Card
pay-card-lead = Your card details go straight to Stripe, our payment processor; we never see them.
pay-needs-script = Paying by card needs JavaScript, which is off in this browser.
pay-submit = Pay now
pay-busy = Sending…
pay-by-transfer = Pay by bank transfer
pay-not-payable = One of these invoices has nothing left to pay (paid, void, or a credit note). Your invoices show where each stands.
pay-form-expired = This payment form has expired. Open the invoice again to pay it.
payment-card-off = Card payments are not offered at the moment.
error-pay-choose = Choose at least one invoice to pay.
error-pay-too-many = Choose at most 50 invoices at a time.
error-pay-one-currency = Choose invoices in one currency; pay the others separately.
error-payment-below-minimum = The smallest amount accepted online is 1.00.
error-payment-card = Enter the card's number, expiry date and security code.
invoice-pay = Pay this invoice
invoices-pay-selected = Pay the selected invoices
invoices-select = Select invoice { $number }
checkout-title = Your payment
checkout-succeeded = Thank you: your payment of { $amount } was received.
checkout-processing = Your payment is being confirmed by the payment processor. This page updates by itself.
checkout-bank-confirms = Your bank asks you to confirm this payment.
checkout-bank-confirm = Confirm with my bank
checkout-nothing-charged = Nothing was charged to your card.
checkout-retry = Try again
checkout-amount = Amount
checkout-started = Started
checkout-invoices = Invoices in this payment
checkout-unapplied = { $amount } of this payment exceeded what was left to pay; our accounting team will contact you to refund or apply it.
checkout-back = Back to my invoices
payment-failure-card_declined = Your card was declined.
payment-failure-insufficient_funds = Your card was declined: insufficient funds.
payment-failure-expired_card = Your card has expired.
payment-failure-incorrect_cvc = The card's security code is incorrect.
payment-failure-incorrect_number = The card number is incorrect.
payment-failure-authentication = Your bank did not confirm the payment.
payment-failure-unavailable = The payment processor could not be reached. Try again in a few minutes.
payment-failure-refused = The payment was refused.
payment-settings-title = Payment settings
payment-settings-link = Payment settings
payment-settings-card = Card payments (Stripe)
payment-settings-card-lead = Customers pay by card through your Stripe account. Find the keys in Stripe's dashboard, under Developers.
payment-settings-card-on = Offer card payments
payment-settings-publishable = Publishable key (pk_…)
payment-settings-secret = Secret key (sk_… or rk_…)
payment-settings-secret-none = None saved.
payment-settings-secret-saved = Saved, ending in { $end }. Leave empty to keep it.
payment-settings-webhook-secret = Webhook signing secret (whsec_…)
payment-settings-webhook-url = In Stripe, send the events payment_intent.succeeded, payment_intent.payment_failed and payment_intent.canceled to { $url }.
payment-settings-partial = Customers may pay part of what is due
payment-settings-transfer = Bank transfer
payment-settings-transfer-on = Show transfer instructions on unpaid invoices
payment-settings-instructions = Transfer instructions
notice-payment-settings-saved = Payment settings saved.
error-payment-key-needed = Card payments need this key.
error-payment-key-format = This does not look like a Stripe key of this kind.
error-payment-instructions-needed = Write the instructions customers will see.
checkouts-title = Online payments
checkouts-lead = The latest card payments customers started, newest first. A payment is received once Stripe confirms it.
checkouts-empty = No online payment yet.
checkouts-by = By
checkouts-unapplied = { $amount } received but not applied: refund or apply it.
checkout-status-open = Started
checkout-status-processing = Being confirmed
checkout-status-succeeded = Received
checkout-status-failed = Refused
checkout-status-canceled = Cancelled
statement-period = Period
statement-pdf = Download as PDF
statement-file-prefix = statement
proof-title = I paid by transfer: send the proof
proof-lead = Send the receipt or a screenshot of your transfer (PDF, PNG or JPEG). Our accounting team checks it and marks the invoice paid.
proof-amount = Amount sent
proof-sent-on = Sent on
proof-file = Receipt of the transfer
proof-send = Send the proof
proofs-title = Proofs of transfer
proof-status-pending = Being checked
proof-status-confirmed = Confirmed
proof-status-rejected = Not accepted
proof-confirm = Confirm: payment received
proof-reject = Not received
proof-reason = Why (the customer sees it)
proof-transfers-off = Transfers are not offered at the moment.
proof-decided = This proof was already decided. Here is the invoice as it stands.
proof-above-balance = This proof's amount is more than what is left to pay now. Record the payment received instead.
error-proof-file = Choose the file of the receipt.
notice-proof-sent = Thank you: your proof of transfer is sent. We will confirm the payment once it reaches us.
notice-proof-confirmed = The transfer is confirmed and the payment recorded.
notice-proof-rejected = The proof is marked as not received.
proofs-pending-title = Proofs of transfer to check
invoices-selected = Selected
invoices-zip-selected = Download the selected as PDFs (ZIP)
invoices-zip-name = invoices
email-payment-receipt-subject = { $provider } — payment received: { $amount }
email-payment-receipt-body =
    Hello { $name },

    We received your card payment of { $amount }. It is applied to:
    { $lines }

    Your payment and your invoices:
    { $link }

    Thank you,
    { $provider }
email-payment-receipt-line = - { $invoice }: { $amount }
invoices-filter-label = Find invoices
invoices-find-number = Invoice number
invoices-unpaid-only = Only those left to pay
invoices-all = All invoices
invoices-none-match = No invoice matches.
error-invoice-number = Enter an invoice number, such as 12.
checkout-slow = This is taking longer than usual. You may leave this page: you will receive a receipt by email as soon as the payment is confirmed, and your invoices will show it.
email-proof-subject = { $provider } — { $company } sent a proof of transfer for invoice { $number }
email-proof-body =
    Hello { $name },

    { $company } says it sent { $amount } by bank transfer for invoice { $number }, with its receipt. Confirm it once the money is in the account, or reject it:
    { $link }

    { $provider }
proof-digest-line = { $company } sent a proof of transfer ({ $amount }) for invoice { $number }
credit-line = Credit on invoice { $number }
error-credit-above-balance = A credit cannot be more than what is left to pay on the invoice.
credit-title = Issue a credit note
credit-lead = Credit part or all of what is left to pay (taxes included; they are split as on the invoice). The credit note is applied to this invoice at once; the customer sees it and its reason.
credit-amount = Amount credited, taxes included
credit-reason = Reason (the customer sees it)
credit-issue = Issue the credit note
credits-applied = Credit notes applied
notice-credit-issued = The credit note is issued and applied to the invoice.
invoice-deposit = deposit

## Reminders (issue 17)
reminder-invoice_due-subject = Reminder: { $provider } invoice { $number } due on { $due }
reminder-invoice_due-body =
    Hello { $name },

    A friendly reminder: { $amount } of invoice { $number } falls due on { $due }.
    See the invoice and pay it online:
    { $link }

    If your payment is already on its way, please disregard this message.

    { $provider }
reminder-invoice_overdue-subject = { $provider } invoice { $number }: payment overdue
reminder-invoice_overdue-body =
    Hello { $name },

    Unless we are mistaken, { $amount } of invoice { $number } is overdue; it was due on { $due }.
    See the invoice, pay it online or send a proof of transfer:
    { $link }

    If you have already paid, thank you, and please disregard this message.

    { $provider }
reminder-quote_expiring-subject = { $provider } quote { $number } expires on { $due }
reminder-quote_expiring-body =
    Hello { $name },

    Quote { $number } ("{ $title }", { $amount }) is valid until { $due }.
    See it, ask your questions or accept it online:
    { $link }

    { $provider }
error-reminder-too-many = You have reached the most reminder rules allowed (20). Delete one before adding another.
error-reminder-kind = Choose when to send this reminder.
error-reminder-days = Enter a number of days from 0 to 365.
error-reminder-days-overdue = Enter a number of days from 1 to 365 after the due date.
error-reminder-text = This text is too long (subject: 200 characters on one line; message: 5,000 characters).
error-reminder-placeholder = This text has an unknown field in braces. Use only those listed above.
error-reminder-link = The message must contain { "{" }link{ "}" }, the direct link to the document.
reminder-rule-invoice_due = { $days ->
    [0] On an invoice's due date
    [one] 1 day before an invoice is due
   *[other] { $days } days before an invoice is due
}
reminder-rule-invoice_overdue = { $days ->
    [one] 1 day after the due date, invoice unpaid
   *[other] { $days } days after the due date, invoice unpaid
}
reminder-rule-quote_expiring = { $days ->
    [0] On a quote's last day
    [one] 1 day before a quote expires
   *[other] { $days } days before a quote expires
}
reminder-rule-deleted = Deleted rule
reminder-outcome-pending = Waiting
reminder-outcome-done = Sent
reminder-outcome-dropped = Not sent: no longer needed
reminder-outcome-superseded = Replaced by a later reminder
reminder-outcome-failed = Failed
reminders-title = Automatic reminders
reminders-lead = Guichet writes to the contacts who see the customer's invoices (or quotes), from 8 a.m. on the day planned. Just before sending, it checks that the invoice is still unpaid or the quote still open; otherwise the reminder is not sent. Each reminder goes out once.
reminders-rules = Rules
reminders-none = No rules: no reminders are sent.
reminder-when = When
reminder-subject = Subject
reminder-state = State
reminder-active = Active
reminder-paused = Paused
reminder-add = Add a rule
reminder-kind = Kind of reminder
reminder-kind-invoice_due = Before an invoice is due
reminder-kind-invoice_overdue = After an unpaid invoice's due date
reminder-kind-quote_expiring = Before a quote expires
reminder-days = Number of days
reminder-add-button = Add the rule
reminders-recent = Latest reminders
reminders-recent-none = No reminders yet.
reminder-date = Date
reminder-document = Document
notice-reminder-added = Rule added, with the default text in both languages. Select the rule to change its text.
notice-reminder-saved = Rule saved.
notice-reminder-deleted = Rule deleted. Reminders already sent stay in the list.
reminder-changed-meanwhile = Someone changed this rule while you were editing it. Your text is below; save again to replace theirs.
reminder-active-label = Send this reminder (untick to pause it)
reminder-placeholders = Fields the message may contain: { $list }
reminder-subject-fr = Subject (French)
reminder-body-fr = Message (French)
reminder-subject-en = Subject (English)
reminder-body-en = Message (English)
reminder-delete = Delete the rule
reminders-link = Reminders
invoice-reminders = Reminders

## Notifications in the portal (issue 17)
notices-title = Notifications
notices-read-all = Mark all as read
notices-preferences = Choose what I am sent
notices-none = No notifications yet. Events that concern you (orders, invoices, quotes, messages, steps) will show here.
notices-unread = Unread:
notices-bell = { $count ->
    [0] Notifications
    [one] Notifications, 1 unread
   *[other] Notifications, { $count } unread
}
payment-notice-line = Payment of { $amount } received — { $link }
email-invoice-issued-subject = { $provider } — invoice { $number } ({ $total })
email-invoice-issued-body =
    Hello { $name },

    { $provider } has issued invoice { $number }: { $total }, taxes included.
    To pay now: { $amount }, by { $due }.
    See it, download it as a PDF and pay it online:
    { $link }

    { $provider }
invoice-issued-digest-line = Invoice { $number } issued ({ $total }) — { $link }
reminder-preview = Preview
reminder-preview-lead = The email as a contact would receive it, with example values, from the text saved (or typed, when the form was refused).
reminder-preview-fr = In French
reminder-preview-en = In English
reminder-example-name = Camille Tremblay
reminder-example-title = Warehouse extension

# Deposit invoices (issue 17)
deposit-invoice-number = Deposit invoice { $number }
pdf-deposit-invoice-title = Deposit invoice { $number }
invoice-deposit-line = Deposit on quote { $number }
invoice-deposit-deducted = Deposit invoiced (invoice { $number })
invoice-bill-deposit = Invoice the deposit
invoice-bill-deposit-lead = The accepted quote asks for a deposit of { $amount }. Invoice it on its own, due on receipt; the order’s invoice will deduct it.
invoice-bill-deducts = The deposit (invoice { $number }) will be deducted from the total.
invoice-no-deposit = This order asks for no deposit.
invoice-deposit-deducted-void = This deposit is deducted on the order’s invoice: void that one first.
order-pay-deposit = Pay the deposit
order-deposit-paid = paid

# Invoices written by staff (issue 17)
invoice-write = New invoice
invoice-write-title = New invoice for { $customer }
invoice-write-lead = For what no order carries: a service, travel, a fee. Each line: a description, a quantity (1 if empty) and a unit price. The customer’s taxes apply; empty lines are skipped.
invoice-write-lines = Lines
invoice-line-number = Line { $number }
field-description = Description
invoice-write-submit = Issue the invoice
invoice-form-expired = This form has expired. Here is the page as it is now; enter the invoice again.
error-invoice-no-lines = Enter at least one line: a description and a price.
error-invoice-too-large = This amount is more than an invoice can hold.
error-too-many-lines = Too many lines for one invoice.
customer-invoices-see = See its invoices
invoices-every-customer = Every customer
error-invoice-price = Enter a price, such as 92.50.

## The home's action centre: what waits on the customer, most urgent first.
waiting-title = What waits on you
waiting-none = Nothing is waiting on you right now.
waiting-overdue = Overdue
waiting-more = { $count ->
    [one] One more item waits in the sections below.
   *[other] { $count } more items wait in the sections below.
}
waiting-invoice = Pay invoice { $number }
waiting-invoice-due = { $amount } due by { $day }
waiting-invoice-overdue = { $amount } to pay, due since { $day }
waiting-quote = Answer quote { $number }: { $title }
waiting-quote-valid = { $amount }, valid until { $day }
waiting-order = Approve order { $number }
waiting-order-detail = { $amount }, placed by { $name }
waiting-request = Send “{ $title }” for project { $project }
waiting-request-by = Requested by { $day }
waiting-step = Continue project { $project }
waiting-step-detail = Current step: { $step }
area-invoices-waiting = { $count ->
    [one] One invoice to pay.
   *[other] { $count } invoices to pay.
}
area-quotes-waiting = { $count ->
    [one] One quote awaits your answer.
   *[other] { $count } quotes await your answer.
}
area-orders-waiting = { $count ->
    [one] One order awaits your approval.
   *[other] { $count } orders await your approval.
}
area-projects-waiting = { $count ->
    [one] One project awaits something from you.
   *[other] { $count } projects await something from you.
}
home-news-title = New since your last visit
home-news-all = All your notifications
home-news-more = See your other unread notifications
