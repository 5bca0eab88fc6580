# Guichet — français (Québec). Référence pour le libellé français.

## Cadre
skip-to-content = Aller au contenu
nav-label = Navigation principale
nav-home = Accueil
nav-customers = Clients
nav-outbox = Courriels envoyés
nav-menu = Menu
crumb-to-project = Retour au projet
nav-account = Mon compte
sign-out = Se déconnecter
footer-powered = Portail client propulsé par Guichet
back-home = Retour à l’accueil
actions = Actions
edit = Modifier
save = Enregistrer
search = Rechercher
next-page = Page suivante
form-has-errors = Certains champs sont à corriger. Les messages sont à côté de chaque champ.

## Connexion
sign-in = Se connecter
sign-in-title = Connexion à votre portail
sign-in-lead = Vos dossiers, leurs documents et leur avancement chez { $provider }, au même endroit.
sign-in-by-email = Recevoir un lien de connexion par courriel
sign-in-with-password = Se connecter avec un mot de passe
forgot-password = Mot de passe oublié ?
sign-in-link-title = Connexion par courriel
sign-in-link-lead = Entrez votre adresse courriel : nous vous enverrons un lien de connexion valable 15 minutes, utilisable une seule fois.
sign-in-link-send = Envoyer le lien
forgot-title = Mot de passe oublié
forgot-lead = Entrez votre adresse courriel : nous vous enverrons un lien pour choisir un nouveau mot de passe, valable une heure.
forgot-send = Envoyer le lien de réinitialisation
check-email-title = Vérifiez vos courriels
check-email-link = Si un compte existe pour cette adresse, un lien de connexion vient d’y être envoyé. Il est valable 15 minutes.
check-email-reset = Si un compte existe pour cette adresse, un lien pour choisir un nouveau mot de passe vient d’y être envoyé. Il est valable une heure.
link-confirm-title = Confirmer la connexion
link-confirm-lead = Vous allez vous connecter en tant que { $email }.
link-confirm-button = Me connecter
link-problem-title = Ce lien ne fonctionne plus
link-unknown = Ce lien n’est pas valide. Il a peut-être été mal copié ou remplacé par un lien plus récent.
link-used = Ce lien a déjà été utilisé. Chaque lien ne sert qu’une seule fois.
link-expired = Ce lien a expiré.
link-request-new = Recevoir un nouveau lien
invitation-title = Bienvenue sur votre portail
invitation-lead = Bonjour { $name }, choisissez votre mot de passe pour activer votre accès.
reset-title = Choisir un nouveau mot de passe
reset-lead = Bonjour { $name }, choisissez votre nouveau mot de passe. Vos autres sessions seront fermées.
set-password-for = Compte : { $email }
set-password-button = Enregistrer le mot de passe
password-rules = Au moins 12 caractères. Une courte phrase facile à retenir fait un excellent mot de passe ; évitez les mots de passe courants.

## Champs
field-email = Adresse courriel
field-password = Mot de passe
field-new-password = Nouveau mot de passe
field-confirm-password = Confirmer le mot de passe
field-current-password = Mot de passe actuel
field-name = Nom
field-phone = Téléphone
field-language = Langue
field-number = Numéro de client
field-company = Entreprise
field-currency = Devise
field-line1 = Adresse
field-line2 = Complément d’adresse
field-city = Ville
field-region = Province ou État
field-postal-code = Code postal
field-country = Pays (code à 2 lettres)
billing-address = Adresse de facturation
shipping-address = Adresse de livraison

## Erreurs
error-required = Ce champ est obligatoire.
error-too-long = Ce texte est trop long.
error-email = Entrez une adresse courriel valide, par exemple nom@entreprise.com.
error-invalid = Cette valeur n’est pas valide.
error-password-short = Le mot de passe doit compter au moins 12 caractères.
error-password-common = Ce mot de passe est trop courant ou trop facile à deviner. Essayez une courte phrase.
error-password-mismatch = Les deux mots de passe ne correspondent pas.
error-current-password = Le mot de passe actuel est incorrect.
error-email-taken = Cette adresse courriel est déjà utilisée par une autre personne.
error-number-taken = Ce numéro de client est déjà utilisé.
error-host-taken = Ce nom d’hôte est déjà utilisé.
error-credentials = Adresse courriel ou mot de passe incorrect.
error-throttled = Trop de tentatives de connexion. Pour votre sécurité, réessayez dans { $minutes ->
        [one] une minute
       *[other] { $minutes } minutes
    } ou demandez un lien de connexion par courriel.
error-throttled-any = Trop de tentatives en peu de temps. Pour votre sécurité, réessayez dans { $minutes ->
        [one] une minute
       *[other] { $minutes } minutes
    }.
error-throttled-title = Trop de tentatives
error-busy = Beaucoup de personnes se connectent en ce moment. Veuillez réessayer dans quelques secondes.
error-busy-title = Un instant, s’il vous plaît
error-forbidden-title = Accès refusé
error-forbidden = Vous n’avez pas accès à cette page.
error-not-found-title = Page introuvable
error-not-found = Cette page n’existe pas ou n’est plus disponible.
error-invalid-title = Formulaire non valide
error-invalid-form = Le formulaire envoyé n’a pas pu être lu. Revenez en arrière et réessayez.
error-csrf-title = Formulaire expiré
error-csrf = Ce formulaire a expiré ou ne provient pas de ce site. Rechargez la page et réessayez.
error-too-large-title = Envoi trop volumineux
error-too-large = Les données envoyées dépassent la taille permise. Réduisez-les et réessayez.
error-internal-title = Un problème est survenu
error-internal = Une erreur est survenue de notre côté. Réessayez dans quelques instants.

## Portail
home-hello = Bonjour { $name }
home-company = Compte client : { $company }
home-areas = Vos espaces
customer-number-short = nº
area-projects = Projets
area-projects-empty = Aucun projet pour l’instant. Vos dossiers apparaîtront ici dès qu’ils seront ouverts.
area-documents = Documents
area-documents-lead = Les rapports, plans et contrats partagés avec vous, de tous vos projets.
area-documents-empty = Aucun document pour l’instant. Rapports, plans et contrats partagés avec vous apparaîtront ici.
area-orders = Commandes
area-orders-empty = Aucune commande pour l’instant.
area-invoices = Factures
area-invoices-empty = Aucune facture pour l’instant.
area-support = Soutien
area-support-empty = Aucune demande pour l’instant. Vos questions et leurs réponses apparaîtront ici.

## Mon compte
account-title = Mon compte
profile-title = Modifier mon profil
profile-email-note = Votre adresse courriel ({ $email }) sert à vous connecter ; pour la changer, communiquez avec nous.
field-time-zone = Fuseau horaire
tz-america-st-johns = Terre-Neuve (St. John’s)
tz-america-halifax = Heure de l’Atlantique (Halifax)
tz-america-moncton = Heure de l’Atlantique (Moncton)
tz-america-toronto = Heure de l’Est (Montréal, Toronto)
tz-america-winnipeg = Heure du Centre (Winnipeg)
tz-america-regina = Saskatchewan (Regina)
tz-america-edmonton = Heure des Rocheuses (Edmonton)
tz-america-vancouver = Heure du Pacifique (Vancouver)
tz-america-whitehorse = Yukon (Whitehorse)
tz-europe-paris = Europe centrale (Paris)
tz-utc = Temps universel (UTC)
password-change-title = Changer mon mot de passe
password-change-lead = Vos autres sessions seront fermées après le changement.
password-change-button = Changer le mot de passe
sessions-title = Mes sessions
sessions-lead = Les appareils actuellement connectés à votre compte. Fermez toute session que vous ne reconnaissez pas.
session-device = Appareil
session-ip = Adresse IP
session-last-seen = Dernière activité
session-this-device = Cet appareil
session-revoke = Fermer la session
sessions-revoke-others = Fermer toutes les autres sessions
sessions-sign-out-everywhere = Se déconnecter partout, ici compris
notice-password-changed = Votre mot de passe a été changé. Vos autres sessions ont été fermées.
notice-session-revoked = La session a été fermée.
notice-sessions-revoked = Toutes les autres sessions ont été fermées.

## Administration
customers-title = Comptes clients
customers-search = Rechercher par nom ou numéro
customers-empty = Aucun compte client ne correspond.
customer-new = Nouveau compte client
customer-edit = Modifier le compte client
contacts-title = Personnes-ressources
contacts-empty = Aucune personne-ressource pour ce compte.
contact-new = Ajouter une personne-ressource
contact-edit = Modifier la personne-ressource
contact-status = État
contact-status-active = Active
contact-status-pending = Accès pas encore activé
contact-status-deactivated = Désactivée
contact-send-invite = Envoyer l’invitation
contact-invite-now = Envoyer l’invitation par courriel maintenant
contact-deactivate = Désactiver
contact-activate = Réactiver
notice-saved = Les modifications ont été enregistrées.
notice-invited = L’invitation a été envoyée. Tout lien d’invitation précédent ne fonctionne plus.
notice-deactivated = La personne-ressource a été désactivée et ses sessions ont été fermées.
notice-activated = La personne-ressource a été réactivée.
outbox-title = Courriels envoyés
outbox-lead-local = Aucun serveur SMTP n’est configuré : les courriels restent sur ce serveur (dossier data/outbox) et sont listés ici pour que vous puissiez suivre les liens.
outbox-lead-smtp = Les courriels sont transmis au serveur SMTP configuré. Leur contenu est effacé après l’envoi.
outbox-empty = Aucun courriel pour l’instant.
outbox-when = Date
outbox-to = Destinataire
outbox-subject = Objet
outbox-status = État
outbox-sent = Envoyé
outbox-queued = En file d’attente
outbox-link-hidden = [lien personnel masqué : seul son destinataire peut s’en servir]
outbox-retrying = Nouvel essai prévu

## Courriels
email-invitation-subject = Votre accès au portail client de { $provider }
email-invitation-body =
    Bonjour { $name },

    { $provider } vous invite à son portail client, où vous retrouverez vos dossiers, leurs documents et leur avancement en tout temps.

    Pour activer votre accès, choisissez votre mot de passe ici (lien valable 7 jours, utilisable une seule fois) :
    { $link }

    Si vous n’attendiez pas cette invitation, ignorez simplement ce courriel.

    { $provider }
email-sign-in-link-subject = Votre lien de connexion — { $provider }
email-sign-in-link-body =
    Bonjour { $name },

    Voici votre lien de connexion au portail client de { $provider } (valable 15 minutes, utilisable une seule fois) :
    { $link }

    Si vous n’avez pas demandé ce lien, ignorez ce courriel : personne ne pourra se connecter sans lui.

    { $provider }
email-reset-subject = Choisir un nouveau mot de passe — { $provider }
email-reset-body =
    Bonjour { $name },

    Pour choisir un nouveau mot de passe pour le portail client de { $provider }, suivez ce lien (valable une heure, utilisable une seule fois) :
    { $link }

    Si vous n’avez pas fait cette demande, ignorez ce courriel : votre mot de passe actuel reste valide.

    { $provider }

contact-send-sign-in-link = Envoyer un lien de connexion
notice-sign-in-link-sent = Un lien de connexion a été envoyé à l’adresse de cette personne.
notice-address-pending = Enregistré. La nouvelle adresse prendra effet quand son titulaire l’aura confirmée avec le lien qui y a été envoyé (valide 24 heures) ; l’adresse actuelle a été avisée du changement.
error-invite-has-password = Cette personne a déjà choisi un mot de passe, qu’une invitation remplacerait. Envoyez-lui plutôt un lien de connexion ; elle peut aussi réinitialiser son mot de passe elle-même.
address-confirm-title = Confirmez votre nouvelle adresse
address-confirm-lead = Confirmez { $email } comme adresse de votre compte du portail client. Les liens de connexion et les avis y seront envoyés.
address-confirm-button = Confirmer cette adresse
address-confirmed-title = Adresse confirmée
address-confirmed-lead = Votre adresse est maintenant { $email }. Les liens envoyés à l’ancienne adresse ne fonctionnent plus.
email-change-subject = Confirmez votre nouvelle adresse — { $provider }
email-change-body =
    Bonjour { $name },

    { $by } a remplacé l’adresse de votre compte du portail client { $provider } par celle-ci ({ $new }). Pour la confirmer, suivez ce lien (valide 24 heures, utilisable une seule fois) :
    { $link }

    Tant qu’elle n’est pas confirmée, votre adresse reste { $old }. Si vous ne vous attendiez pas à ce courriel, ignorez-le.

    { $provider }
email-change-asked-subject = Un changement de votre adresse a été demandé — { $provider }
email-change-asked-body =
    Bonjour { $name },

    { $by } a demandé de remplacer l’adresse de votre compte du portail client { $provider }, { $old }, par { $new }. Le changement n’aura lieu qu’une fois confirmé depuis la nouvelle adresse.

    Si vous ne vous y attendiez pas, communiquez sans tarder avec { $provider }.

    { $provider }
email-changed-subject = Votre adresse a été changée — { $provider }
email-changed-body =
    Bonjour { $name },

    L’adresse de votre compte du portail client { $provider } est maintenant { $new } (c’était { $old }). Les liens envoyés à l’ancienne adresse ne fonctionnent plus.

    Si vous ne vous y attendiez pas, communiquez sans tarder avec { $provider }.

    { $provider }

## Rôles du portail
nav-roles = Rôles
roles-title = Rôles du portail
roles-intro = Un rôle décide de ce qu’une personne-ressource voit et fait dans le compte de son entreprise : modules, actions, portée des dossiers et champs visibles.
role-new = Nouveau rôle
role-edit = Modifier le rôle
field-role-name = Nom du rôle
field-role = Rôle
roles-modules = Modules accessibles
roles-members = Personnes
roles-module = Module
roles-scope = Portée
role-default = Par défaut
role-default-hint = Rôle par défaut : il reçoit les nouvelles personnes-ressources et ne peut pas être supprimé.
role-preview = Aperçu
delete = Supprimer
cancel = Annuler
select = Sélectionner
notice-role-deleted = Le rôle a été supprimé ; ses personnes-ressources ont été transférées.
role-modules-title = Modules et actions
role-modules-hint = Cochez ce que ce rôle permet. Créer, modifier ou supprimer donne aussi le droit de voir.
role-kinds-legend = { $module } : types visibles quand la portée est « certains types »
role-kinds-hint = Par exemple, seulement les rapports pour le propriétaire, seulement les factures pour la comptabilité.
role-fields-title = Champs
role-fields-hint = Pour chaque champ : caché, lecture seule ou modifiable. Un champ n’est jamais modifiable si le module ne permet pas de modifier.
role-admin-title = Administration de l’entreprise
role-company-admin = Peut inviter et désactiver des collègues de son entreprise
role-grantable = Rôles qu’un administrateur de l’entreprise peut donner
role-delete-title = Supprimer le rôle « { $role } »
role-delete-members = Personnes-ressources ayant ce rôle : { $count }. Choisissez le rôle qu’elles recevront.
role-transfer-to = Transférer vers le rôle
role-delete-confirm = Supprimer et transférer
module-projects = Projets
module-documents = Documents
module-quotes = Soumissions
module-orders = Commandes
module-invoices = Factures
module-support = Soutien
module-company = Mon entreprise
module-contacts = Collègues
op-view = Voir
op-create = Créer
op-edit = Modifier
op-delete = Supprimer
scope-own = Ses propres dossiers
scope-company = Tous les dossiers de l’entreprise
scope-kinds = Certains types seulement
access-hidden = Caché
access-read-only = Lecture seule
access-editable = Modifiable
kind-quote = Soumission
kind-purchase-order = Bon de commande
kind-invoice = Facture
kind-report = Rapport
kind-diagnostic = Diagnostic
kind-measurement = Relevé de mesures
kind-contract = Contrat
kind-plan = Plan
kind-certificate = Certificat
kind-other = Autre
field-legal-name = Raison sociale
field-tax-number = Numéro de TPS/TVH
field-tax-number-qc = Numéro de TVQ
field-billing-contact = Responsable de la facturation
field-billing-email = Courriel de facturation
field-contact-email = Courriel des collègues
field-contact-phone = Téléphone des collègues
error-role-forged = Ce formulaire contient des permissions inconnues. Rechargez la page et réessayez.
error-role-kinds-empty = Choisissez au moins un type de document pour la portée « certains types ».
error-role-name-taken = Un autre rôle porte déjà ce nom.
error-role-delete = Choisissez un autre rôle existant. Le rôle par défaut ne peut pas être supprimé.
error-choose-role = Choisissez un rôle.
error-select-contacts = Sélectionnez au moins une personne-ressource.
preview-title = Aperçu : { $role }
preview-banner = Aperçu du portail tel que le voit le rôle « { $role } » — lecture seule
preview-back = Retour au rôle
preview-banner-as = Aperçu du portail tel que le voit { $name } ({ $company }) avec le rôle « { $role } » — lecture seule
preview-banner-nobody = Aucun contact n’a encore le rôle « { $role } » : aperçu avec le compte { $company } — lecture seule
preview-someone = Contact
home-no-account = Votre accès n’est encore rattaché à aucun compte client.
home-no-areas = Votre rôle ne donne accès à aucune section pour le moment. Communiquez avec votre fournisseur au besoin.
account-switch = Compte client
account-switch-go = Changer de compte
area-quotes = Soumissions
area-quotes-empty = Aucune soumission pour l’instant.
contact-invited-by = Invitation par
contacts-move-to = Donner le rôle suivant aux personnes cochées
contacts-move = Changer le rôle
notice-contacts-moved = Le rôle des personnes-ressources cochées a été changé.
role-preview-company = Aperçu de « Mon entreprise »

## Mon entreprise
company-nothing-visible = Votre rôle ne montre aucun renseignement de l’entreprise.
company-needs-approval = Une modification de ce champ sera vérifiée par votre fournisseur avant de s’appliquer.
company-current-value = Valeur enregistrée entre-temps : { $value }
company-pending-value = Modification en attente d’approbation : { $value }
company-history = Historique des modifications
company-profile-title = Renseignements de l’entreprise
change-when = Date
change-field = Champ
change-before = Avant
change-after = Après
change-by = Par
change-status = État
change-applied = Appliquée
change-pending = En attente
change-approved = Approuvée
change-rejected = Refusée
change-approve = Approuver
change-reject = Refuser
notice-company-pending = Merci ! Vos modifications ont été reçues ; celles qui demandent une approbation s’appliqueront dès qu’elles seront approuvées.
notice-unchanged = Aucune modification à enregistrer.
notice-change-approved = La modification a été approuvée et appliquée.
notice-change-rejected = La modification a été refusée.
notice-change-decided = Cette modification avait déjà été traitée.
error-company-conflict = Quelqu’un a modifié ces renseignements pendant que vous les changiez. Rien n’a été enregistré : vérifiez les valeurs enregistrées indiquées sous les champs, puis enregistrez de nouveau.
error-conflict-title = Modifié entre-temps
error-conflict = Quelqu’un d’autre a modifié ceci pendant que vous y travailliez. Rien n’a été enregistré ; rechargez la page et réessayez.
error-tax-number = Entrez le numéro tel qu’il figure sur vos documents (lettres, chiffres et traits d’union, 30 caractères au plus).
company-fields-title = Approbation des renseignements d’entreprise
company-fields-intro = Les clients tiennent à jour les renseignements de leur entreprise. Choisissez ceux dont les modifications doivent être approuvées par votre équipe avant de remplacer les valeurs actuelles.
company-fields-legend = Champs à faire approuver

## Collègues
colleague-invite = Inviter un ou une collègue
colleague-invite-intro = Votre collègue recevra par courriel un lien pour créer son mot de passe. Vous ne pouvez donner que les rôles permis par votre fournisseur.
colleague-send = Envoyer l’invitation
colleague-you = vous
activity-title = Activité du compte
activity-empty = Aucune activité pour l’instant.
activity-joined = { $who } a rejoint le compte.
activity-joined-by = { $by } a invité { $who } dans le compte.
activity-changed = { $by } a modifié « { $field } » ({ $status }).

## Invitations en lot
contacts-invite-selected = Inviter les personnes cochées
contacts-selected-hint = Cochez des personnes-ressources dans la liste, puis choisissez quoi faire.
import-title = Importer des invitations
import-intro = Créez et invitez d’un coup des personnes-ressources à partir d’un fichier CSV. Chaque ligne est traitée séparément : un rapport indique qui a été invité et pourquoi une ligne a échoué.
import-columns = Colonnes, dans l’ordre : nom, courriel, numéro de client, rôle (vide : rôle par défaut) et, au besoin, langue (fr ou en). Une première ligne d’en-têtes est permise.
import-roles = Rôles existants : { $roles }
import-file = Fichier CSV (UTF-8, 1 Mo au plus)
import-paste = Ou collez le contenu ici
import-send = Créer et inviter
import-report-title = Rapport d’invitations
import-back = Retour
import-report-invited = Invitations envoyées : { $count }.
import-report-refused = Non envoyées : { $count } (voir la raison ci-dessous).
import-line = Ligne
import-result = Résultat
import-invited = Invitation envoyée
import-already-active = Accès déjà activé
import-deactivated = Personne désactivée
import-duplicate = Courriel en double dans le fichier
import-unknown-company = Numéro de client inconnu
import-unknown-role = Rôle inconnu
import-row-failed = Ligne non traitée (erreur du serveur)
import-unreadable = Ce fichier n’a pas pu être lu comme un CSV.
import-not-utf8 = Enregistrez le fichier en CSV UTF-8, puis réessayez.
import-too-many = Ce fichier compte plus de 1000 lignes : divisez-le.
import-empty = Aucune ligne à importer.
import-too-large = Ce fichier dépasse 1 Mo. Divisez-le, puis réessayez.

## Préférences de notification
notifications-title = Notifications par courriel
notifications-intro = Pour chaque type d’événement, choisissez de recevoir un courriel tout de suite, un résumé quotidien, seulement une notification dans le portail (la cloche), ou rien du tout.
notifications-legend = Quand…
notifications-security = Les courriels de sécurité (liens de connexion, invitations, réinitialisation du mot de passe) sont toujours envoyés.
notify-document-shared = un document est partagé avec moi
notify-comment-mention = on me mentionne ou on répond à mes commentaires
notify-quote-to-approve = une soumission attend mon approbation
notify-invoice-issued = une facture est émise
notify-order-update = une commande change d’état
notify-support-reply = ma demande de soutien reçoit une réponse
notify-project-step = un projet passe à une nouvelle étape
notify-mode-immediate = Courriel tout de suite
notify-mode-digest = Résumé quotidien
notify-mode-portal = Dans le portail seulement
notify-mode-off = Rien

## Carnet d’adresses
addresses-title = Carnet d’adresses
addresses-empty = Aucune adresse de livraison pour l’instant.
addresses-archived = Adresses archivées
address-new = Ajouter une adresse
address-edit = Modifier l’adresse
address-default = Par défaut
address-make-default = Adresse de livraison par défaut
address-use-default = Utiliser par défaut
address-archive = Archiver
address-restore = Rétablir
address-instructions-shown = Instructions : { $text }
field-address-label = Nom de l’adresse (ex. : Entrepôt de Laval)
field-site = Site ou bâtiment
field-street = Adresse (numéro et rue)
field-instructions = Instructions de livraison
field-country-name = Pays
country-ca = Canada
country-us = États-Unis
country-fr = France
country-be = Belgique
country-ch = Suisse
country-gb = Royaume-Uni
notice-address-default = L’adresse par défaut a été changée.
notice-address-archived = L’adresse a été archivée ; elle reste visible avec les commandes passées.
notice-address-restored = L’adresse a été rétablie.
notice-address-deleted = L’adresse a été supprimée.
error-postal-code = Ce code postal ne correspond pas au pays choisi (ex. : H2X 1Y4 au Canada, 10001 aux États-Unis).
error-region = Entrez le code de la province ou de l’État (ex. : QC, ON, NY).
error-address-used = Cette adresse a servi pour une commande : archivez-la plutôt que de la supprimer.
error-address-conflict = Quelqu’un a modifié cette adresse pendant que vous la changiez. Rien n’a été enregistré : vérifiez vos valeurs, puis enregistrez de nouveau.

## Projets
area-projects-lead = Vos dossiers, leurs documents et leur avancement.
projects-none = Aucun projet pour ce client.
projects-search = Rechercher un projet (titre ou référence)
projects-all-statuses = Tous les états
projects-views = Vues des projets
projects-view-staff = En attente de nous
projects-view-mine = Mes projets en attente
projects-view-customer = En attente du client
projects-view-all = Tous les projets
projects-search-staff = Rechercher un projet (titre, référence ou client)
projects-waiting-filter = En attente de
projects-waiting-any = Toutes les étapes
projects-waiting-staff = En attente de nous
projects-waiting-customer = En attente du client
projects-waiting-nobody = Parcours terminé
projects-mine = Seulement les projets de mon équipe
projects-none-match = Aucun projet ne correspond à ces critères.
projects-none-yet = Aucun projet pour l’instant : ouvrez-en un depuis la fiche d’un client.
projects-step = Étape
projects-changed = Modifié
projects-no-flow = Sans parcours
projects-more = Les { $count } projets modifiés le plus récemment sont affichés ; précisez la recherche pour trouver les autres.
desk-lead = Ce qui attend votre équipe, chez tous vos clients.
desk-projects-title = Projets en attente de nous
desk-projects-none = Aucun projet n’attend votre équipe.
desk-projects-mine = { $count } dans mon équipe
desk-quotes-title = Soumissions demandées
desk-quotes-none = Aucune demande de soumission à préparer.
desk-orders-title = Commandes reçues
desk-orders-none = Aucune commande reçue à préparer.
desk-proofs-none = Aucune preuve de virement à vérifier.
desk-asked = Demandée : { $when }
desk-see-all = Tout voir
projects-sort = Trier par
projects-sort-recent = Plus récents d’abord
projects-sort-title = Par titre
project-new = Nouveau projet
project-edit = Modifier le projet
project-dates = Dates
project-documents-empty = Les documents de ce projet apparaîtront ici.
project-status-open = En cours
project-status-on-hold = En attente
project-status-closed = Terminé
field-project-title = Titre
field-project-reference = Référence
field-project-site = Lieu des travaux
field-project-description = Description
field-project-status = État
field-starts-on = Début
field-ends-on = Fin prévue
error-date = Entrez une date au format AAAA-MM-JJ.
error-project-dates = La fin ne peut pas précéder le début.
error-project-conflict = Quelqu’un a modifié ce projet pendant que vous le changiez. Rien n’a été enregistré : vérifiez vos valeurs, puis enregistrez de nouveau.

## Documents
error-upload-too-large = Ce fichier dépasse la taille permise. Rien n’a été enregistré.
error-upload-interrupted = L’envoi du fichier a été interrompu. Rien n’a été enregistré ; réessayez.
error-document-kind-scope = Votre rôle ne permet pas de déposer ce type de document.
documents-upload = Déposer un document
documents-upload-lead = Le document s’ajoute au projet ; les personnes qui ont accès au projet le verront selon leur rôle.
documents-none = Aucun document pour l’instant.
document-version-upload = Déposer une nouvelle version
document-versions = Versions
document-version = Version { $number }
document-download = Télécharger
document-preview = Aperçu
field-document-title = Titre (facultatif : le nom du fichier sinon)
field-document-kind = Type de document
field-document-file = Fichier
document-status = État
document-size = Taille
document-uploaded = Déposé le
document-uploaded-by = Par
status-to-approve = À approuver
status-approved = Approuvée
status-refused = Refusée
status-expired = Expirée
status-open = À payer
status-paid = Payée
status-late = En retard
status-issued = Émis
status-signed = Signé
status-to-sign = À signer
status-published = Publié
status-draft = Brouillon

## Journal
journal-title = Journal d’activité
journal-timeline = Historique
journal-export = Exporter (CSV)
journal-filter = Afficher
journal-all = Toute l’activité
journal-documents = Documents
journal-downloads = Téléchargements
journal-project = Projet
journal-apply = Filtrer
journal-empty = Rien pour l’instant.
journal-action = Action
journal-detail = Objet
journal-ip = Adresse IP
journal-document-upload = Document déposé
journal-document-version = Nouvelle version
journal-document-view = Document consulté
journal-document-download = Document téléchargé
journal-project-create = Projet ouvert
journal-project-update = Projet modifié

## Liens de consultation
links-title = Liens de consultation
links-lead = Un lien permet d’ouvrir les documents sans compte, jusqu’à son expiration ou jusqu’à ce que vous le retiriez. Chaque utilisation est notée au journal.
field-link-label = Pour qui (ex. : propriétaire, notaire)
field-link-days = Valide pendant (jours)
link-scope = Documents ouverts
link-scope-project = Tout le projet
link-expires = Expire le
link-uses = Utilisations
link-last-used = Dernière utilisation
link-live = Actif
link-revoked-badge = Retiré
link-expired-badge = Expiré
link-revoke = Retirer le lien
link-create = Créer un lien
link-created-title = Lien créé
link-created-lead = Voici le lien « { $label } ». Copiez-le maintenant : pour des raisons de sécurité, il ne sera plus affiché.
link-created-expires = Il fonctionne jusqu’au { $when }, à moins que vous le retiriez.
link-url = Lien à transmettre
link-copy = Copier le lien
link-copied = Lien copié.
link-copy-failed = Le lien n’a pas pu être copié : il est sélectionné, copiez-le avec Ctrl+C (ou ⌘+C).
link-back = Retour au projet
link-open-title = Documents partagés avec vous
link-open-lead = Ce lien donne accès à des documents qui vous ont été transmis. Ouvrez-les avec le bouton ci-dessous.
link-open-button = Voir les documents
link-revoked = Ce lien a été retiré par son expéditeur. Demandez-lui un nouveau lien au besoin.
shared-lead = Documents auxquels ce lien donne accès.
error-link-days = Entrez un nombre de jours entre 1 et 365.
journal-link-create = Lien créé
journal-link-revoke = Lien retiré
journal-link-open = Lien ouvert

## Demandes de documents
requests-title = Documents demandés au client
requests-none = Aucune demande pour l’instant.
requests-for-you = Documents attendus de votre part
request-due = attendu le { $date }
request-fulfilled = Reçu
request-outstanding = En attente
request-see-document = Voir le document
request-create = Demander ce document
request-send = Envoyer le fichier
field-request-title = Document demandé (ex. : plan signé)
field-request-due = Attendu le
field-request-description = Précisions (facultatif)
journal-request-create = Document demandé
journal-request-fulfil = Demande remplie

documents-zip-all = Tout télécharger (ZIP)
documents-zip-selected = Télécharger les documents cochés (ZIP)
journal-project-zip = Projet téléchargé (ZIP)

comments-title = Échanges
comments-none = Aucun message pour l’instant.
comment-new = Votre message
comment-send = Envoyer le message
journal-comment-add = Message ajouté
mention-email-subject = Message de { $author } à votre intention — « { $project } »
mention-email-body =
    Bonjour,

    { $author } vous interpelle dans un message sur « { $project } » :

    { $excerpt }

    Pour lire et répondre :
    { $link }

    { $provider }

## Accès par contact à un projet ou à un document
journal-document-preview = Document consulté à l’écran
journal-share-set = Accès modifié
share-title = Accès par contact
share-lead-project = Ce que chaque contact du compte peut faire avec les documents de ce projet. Par défaut, son rôle en décide ; choisissez un niveau pour partager davantage avec quelqu’un, ou moins.
share-lead-document = Ce que chaque contact peut faire avec ce document. Par défaut, le réglage du projet (ou son rôle) en décide.
share-no-contacts = Ce compte n’a pas encore de contacts.
share-by-role = Selon son rôle
share-setting = Réglage
share-effective = Résultat
share-set-role = Selon son rôle
share-set-project = Comme pour le projet
share-set-only-shared = Seulement les documents partagés un à un
share-set-hidden = Caché pour cette personne
share-none = Aucun accès
share-hidden = Seulement les documents partagés un à un
share-view = Consultation seulement
share-download = Consultation et téléchargement
share-upload = Consultation, téléchargement et ajout de fichiers
notice-shared = Accès enregistré.
document-view-only = Consultation seulement
document-view-only-hint = Vous pouvez consulter ce document, mais pas le télécharger. Communiquez avec votre interlocuteur si vous avez besoin du fichier.
document-pages-lead = Version { $number } · { $file }
document-pages-watermark = Chaque page est affichée sous forme d’image marquée de votre nom et de l’heure de consultation. Ce document ne peut pas être téléchargé.
document-pages-alt = Page { $n } sur { $total }
document-pages-partial = Les { $shown } premières pages sur { $total } sont affichées.
document-pages-unavailable = Ce fichier ne peut pas être affiché ici : seules les personnes autorisées à le télécharger peuvent l’ouvrir. Communiquez avec { $provider } si vous devez le consulter.
document-pages-back = Retour au document
size-mb = { $n } Mo
size-kb = { $n } ko
size-b = { $n } { $count ->
    [one] octet
   *[other] octets
}
error-upload-limit = Les fichiers d’au plus { $size } sont acceptés ici.
documents-upload-limit = Au plus { $size } par fichier.
document-status-change = Changer le statut
journal-document-status = Statut modifié
link-email-subject = { $provider } — des documents pour vous : { $project }
link-email-body =
    Bonjour,

    { $sender }, de { $provider }, vous transmet des documents du projet « { $project } ».

    Pour les consulter :
    { $link }

    Ce lien fonctionne jusqu’au { $until }. Gardez-le pour vous : toute personne qui le détient peut ouvrir ces documents.

    { $provider }
link-email-body-sign-in =
    Bonjour,

    { $sender }, de { $provider }, vous transmet des documents du projet « { $project } ».

    Pour les consulter, ouvrez ce lien et connectez-vous à votre portail client :
    { $link }

    Ce lien fonctionne jusqu’au { $until }.

    { $provider }
field-link-email = L’envoyer par courriel à (facultatif)
field-link-sign-in = Seulement pour les contacts de ce compte, connectés
link-created-sent = Le lien a été envoyé par courriel à { $email }.
link-sign-in-lead = Ces documents sont réservés aux contacts du compte. Connectez-vous à votre portail, puis ouvrez-les.
link-sign-in-button = Me connecter pour ouvrir
journal-link-send = Lien envoyé par courriel
link-requires-sign-in = Connexion requise
notify-comment-new = un nouveau message dans un projet que je suis
mention-digest-line = { $author } vous a mentionné à propos de « { $project } » : { $excerpt } — { $link }
comment-digest-line = { $author } a écrit à propos de « { $project } » : { $excerpt } — { $link }
comment-email-subject = Nouveau message de { $author } à propos de « { $project } »
comment-email-body =
    Bonjour,

    { $author } a écrit à propos de « { $project } » :

    { $excerpt }

    Pour lire et répondre :
    { $link }

    Vous recevez ce courriel parce que vous suivez ce projet. Pour arrêter, ouvrez-le et choisissez « Ne plus suivre ».

    { $provider }
digest-email-subject = { $provider } — votre résumé quotidien
digest-email-body =
    Bonjour,

    Voici ce qui s’est passé depuis hier ({ $count }) :

    { $lines }

    Pour choisir ce que vous recevez : { $link }

    { $provider }
comment-follow = Suivre ce projet
comment-unfollow = Ne plus suivre
comment-following = Vous recevez un courriel pour chaque nouveau message ici.
comment-unread = Nouveau
comment-attachment = Joindre un fichier (facultatif)
comment-attached = Fichier joint
comments-unread = { $count } nouveau(x) message(s)
documents-all-title = Tous mes documents
documents-all-link = Tous mes documents
documents-search = Rechercher des documents
documents-all-kinds = Tous les types
documents-next-page = Documents suivants
journal-timeline-link = Voir l’historique de ce projet
document-journal = Activité sur ce document
project-team = Équipe du projet
project-team-lead = Les personnes de votre entreprise que le client voit sur la page du projet, avec leur courriel et leur téléphone.
project-your-team = Vos interlocuteurs chez { $provider }
journal-project-team = Équipe modifiée
journal-journal-export = Journal exporté (CSV)
journal-access-refused = Accès refusé
journal-csrf-refused = Formulaire refusé (jeton de sécurité absent ou erroné)
link-issued-by = Émis par

## Parcours de projet (pipelines)
nav-flows = Parcours
flows-title = Parcours de projet
flows-intro = Un parcours décrit votre processus une fois pour toutes : ses étapes, ce que le client voit et fait à chacune, et où mène chacune de ses actions. Placez un projet dans un parcours à partir de sa page.
flows-none = Aucun parcours pour l’instant.
flow-name = Nom interne
flow-name-hint = Vu seulement par votre équipe. Laissez vide pour garder le nom du modèle.
flow-public-name = Nom affiché aux clients
flow-public-description = Description affichée aux clients
flow-steps = Étapes
flow-projects = Projets
flow-projects-count = { $count ->
    [one] 1 projet
   *[other] { $count } projets
}
flow-new = Nouveau parcours
flow-template = Partir du modèle
flow-template-solar = Installation solaire résidentielle
flow-template-study = Étude géotechnique
flow-template-choose = Choisissez un modèle de départ.
flow-create = Créer le parcours
flow-notice-created = Parcours créé. Ajustez-le ci-dessous.
flow-notice-saved = Parcours enregistré. Les projets qui le suivent passent à la nouvelle version.
flow-step = Étape (interne)
flow-step-public = Affiché aux clients
flow-page = Page
flow-fields = Champs
flow-transitions = Actions du client
flow-staff-moves = Avancé par votre équipe
flow-terms = Conditions
flow-notify-customer = courriel au client
flow-notify-staff = courriel à l’équipe
flow-edit = Modifier le parcours
flow-definition = Définition (JSON)
flow-definition-hint = Les statuts et leurs étapes dans l’ordre, les champs, les conditions et les transitions. Renommer ou ajouter des étapes s’applique tout de suite ; retirer une étape où se trouvent des projets demande où les envoyer. Modifier le texte des conditions en publie une nouvelle version.
flow-save-definition = Enregistrer le parcours
flow-needs-destination = Des projets se trouvent à des étapes que cette version retire. Choisissez où va chaque groupe, puis enregistrez de nouveau.
flow-destinations = Où vont les projets
flow-destination-for = Les projets à « { $step } » passent à
flow-problem-empty = Le parcours doit avoir au moins un statut comptant une étape.
flow-problem-bad-key = Clé « { $key } » : utilisez des lettres minuscules, des chiffres et des traits de soulignement (1 à 40).
flow-problem-duplicate = La clé « { $key } » est utilisée deux fois.
flow-problem-name = « { $key } » doit avoir un nom public en français ou en anglais.
flow-problem-target = L’étape « { $step } » mène à « { $target } », qui n’est pas une étape de ce parcours.
flow-problem-action = Étape « { $step } » : « { $action } » n’est pas une action du client.
flow-problem-action-page = Étape « { $step } » : sa page n’offre pas l’action « { $action } ».
flow-problem-field = L’étape « { $step } » affiche le champ « { $field } », qui n’est pas défini.
flow-problem-terms = L’étape « { $step } » demande les conditions « { $terms } », qui ne sont pas définies.
flow-problem-choices = Le champ « { $key } » est un choix : donnez-lui des choix.
flow-problem-terms-text = Les conditions « { $key } » n’ont pas de texte.
flow-problem-json = La définition n’est pas du JSON valide (ligne { $line }, colonne { $column }) : { $detail }
flow-page-none = Aucune page
flow-page-initial_documentation = Documentation initiale
flow-page-offer_documentation = Documentation de l’offre
flow-page-financing_documentation = Documentation de financement
flow-page-contract_documentation = Documentation du contrat
flow-page-installation_documentation = Documentation d’installation
flow-page-drawing = Dessin
flow-page-offer = Offre
flow-page-visit = Visite de l’installateur
flow-page-contract = Signature du contrat
flow-page-success = Finalisation réussie
flow-page-failed = Finalisation échouée
flow-action-documentation_submitted = Documentation soumise
flow-action-drawing_submitted = Dessin soumis
flow-action-offer_accepted = Offre acceptée
flow-action-offer_refused = Offre déclinée
flow-action-terms_accepted = Conditions acceptées
flow-action-reactivation_requested = Réactivation demandée
flow-kind-text = texte
flow-kind-long_text = texte long
flow-kind-number = nombre
flow-kind-date = date
flow-kind-yes_no = oui/non
flow-kind-choice = choix
flow-kind-email = courriel
flow-kind-phone = téléphone
flow-kind-file = fichier
flow-use-required = obligatoire
flow-use-optional = facultatif
flow-use-read-only = lecture seule
flow-project-title = Parcours
flow-customer-sees = le client voit
flow-see-file = Voir le fichier
flow-move-to = Passer le projet à
flow-move = Déplacer
flow-start = Placer le projet dans un parcours
flow-restart = Recommencer le projet dans un parcours
flow-start-button = Démarrer
flow-visit-plan = Visite du technicien
flow-visit-technician = Technicien
flow-visit-date = Date
flow-visit-start = De
flow-visit-end = À
flow-visit-note = Note à l’intention du client
flow-visit-save = Enregistrer la visite
flow-visit-clear = Retirer la visite
flow-progress = Avancement de votre projet
flow-state-done = terminé
flow-state-current = étape en cours
flow-state-ahead = à venir
flow-now = Où en est votre projet
flow-since = depuis le { $date }
flow-saved = Enregistré. Vous pourrez revenir terminer plus tard.
flow-moved = Merci ! Votre projet est passé à l’étape suivante.
flow-drawing = Dessin enregistré. Vous pouvez le modifier jusqu’à ce que vous le soumettiez.
flow-save = Enregistrer pour plus tard
flow-read-only = Votre rôle vous permet de suivre ce projet, pas de le faire avancer.
flow-required = obligatoire
flow-yes = Oui
flow-no = Non
flow-file-given = Déjà envoyé :
flow-given = Ce que vous nous avez transmis
flow-offer-choose = Choisissez l’offre que vous acceptez
flow-offer-read = Lire
flow-offer-none = Votre offre n’est pas encore prête. Nous vous aviserons.
flow-offer-quotes-lead = Lisez chaque soumission, puis acceptez-la en la signant ou refusez-la sur sa page. Votre projet avancera de lui-même.
flow-offer-open-quote = Lire et répondre
flow-contract-none = Votre contrat n’est pas encore prêt. Nous vous aviserons.
flow-terms-version = version { $version }
flow-terms-accept = J’ai lu et j’accepte ces conditions.
flow-visit-when = Quand
flow-visit-calendar = Ajouter à mon agenda (.ics)
flow-visit-unplanned = La date de la visite n’est pas encore fixée. Nous vous aviserons.
flow-visit-summary = Visite du technicien — { $project }
flow-drawing-lead = Cliquez sur la grille pour placer les coins de la surface (chaque carré fait 5 m), ou inscrivez les coins ci-dessous, ou donnez simplement une largeur et une longueur.
flow-drawing-undo = Retirer le dernier coin
flow-drawing-clear = Recommencer
flow-drawing-points = Coins, en mètres
flow-drawing-points-hint = Paires x,y séparées par des espaces, p. ex. 0,0 12,0 12,8 0,8
flow-drawing-rectangle = Ou un rectangle
flow-drawing-width = Largeur (m)
flow-drawing-length = Longueur (m)
flow-drawing-saved = Voir le dessin enregistré
flow-drawing-save = Enregistrer le dessin
flow-do-documentation_submitted = Soumettre
flow-do-drawing_submitted = Soumettre mon dessin
flow-do-offer_accepted = Accepter l’offre
flow-do-offer_refused = Décliner l’offre
flow-do-terms_accepted = J’accepte et je continue
flow-do-reactivation_requested = Réactiver mon projet
error-flow-moved = Cette étape a déjà avancé (quelqu’un d’autre l’a peut-être complétée). Rien n’a été modifié ; rouvrez le projet pour voir où il en est.
error-flow-terms = Veuillez lire et accepter les conditions pour continuer.
error-flow-quote = Choisissez l’offre que vous acceptez.
error-flow-quote-settled = Cette offre a déjà reçu une réponse.
error-flow-drawing = Donnez au moins trois coins (x,y en mètres), ou une largeur et une longueur.
error-flow-fields-first = Remplissez d’abord les renseignements obligatoires de cette étape.
error-flow-visit-order = La visite doit se terminer après son début.
error-flow-visit-time = Indiquez la date et les heures de début et de fin de la visite.
flow-email-subject = { $project } : { $step }
flow-email-body =
    Bonjour,

    Votre projet « { $project } » ({ $flow }) est maintenant à l’étape « { $step } ».
    { $description }

    Pour le consulter : { $link }

    — { $provider }
flow-digest-line = « { $project } » est maintenant à l’étape « { $step } » — { $link }
journal-flow-create = Parcours créé
journal-flow-edit = Parcours modifié
journal-flow-start = Projet placé dans un parcours
journal-flow-move = Étape changée par l’équipe
journal-flow-step = Étape complétée
journal-flow-save = Renseignements enregistrés
journal-flow-terms = Conditions acceptées
journal-flow-visit = Visite planifiée
flow-edit-advanced = Modifier toute la définition (JSON)
flow-step-edit = Étape
flow-step-add = Nouvelle étape dans « { $status } » (nom interne)
flow-step-add-button = Ajouter l’étape
flow-step-internal-required = Donnez un nom interne à l’étape.
flow-step-in-use = { $count ->
    [one] Un projet est
   *[other] { $count } projets sont
} à « { $step } » : choisissez où { $count ->
    [one] l’envoyer
   *[other] les envoyer
}.
flow-step-remove = Retirer cette étape
flow-step-remove-in-use = { $count ->
    [one] Un projet est à cette étape. Il passera
   *[other] { $count } projets sont à cette étape. Ils passeront
} à l’étape que vous choisissez.
flow-step-remove-free = Aucun projet n’est à cette étape. Les transitions qui y menaient sont retirées avec elle.
flow-change-refused = Cette modification n’a pas été enregistrée.
flow-page-kind = Page affichée au client
flow-page-text = Texte de la page
flow-page-text-hint = Les consignes de la page ; pour une finalisation, le texte de clôture.
flow-terms-none = Aucune condition
flow-notify-customer-long = Écrire aux contacts du client quand un projet arrive ici
flow-notify-staff-long = Écrire à l’équipe du projet (ou aux gestionnaires) quand un projet arrive ici
flow-use-hidden = non affiché
flow-transitions-hint = Où chaque action du client sur cette page mène le projet. Une action que la page n’offre pas est refusée à l’enregistrement.
flow-field-add = Ajouter un champ
flow-field-label = Libellé
flow-field-kind = Type
flow-field-choices = Choix (pour un champ à choix)
flow-field-choices-hint = Un par ligne, français | anglais, p. ex. Sud | South
flow-field-label-required = Donnez un libellé au champ.
flow-terms-add = Ajouter des conditions
flow-terms-title = Titre
flow-terms-text = Texte
flow-terms-publish = Publier cette version
flow-terms-versions-lead = Chaque modification du texte est publiée comme une nouvelle version ; les acceptations indiquent la version acceptée.
flow-terms-text-required = Les conditions doivent avoir un texte.
flow-list-step = Étape en cours : { $step }
flow-visit-email-subject = { $project } : visite du technicien le { $when }
flow-visit-email-body =
    Bonjour,

    Notre technicien { $technician } viendra pour « { $project } » le { $when }.
    { $note }

    Ajoutez-la à votre agenda à partir de la page de votre projet : { $link }

    — { $provider }
flow-visit-digest-line = « { $project } » : visite du technicien le { $when } — { $link }
flow-status = Étape principale (interne)
flow-status-edit = Modifier l’étape principale
flow-status-add = Nouvelle étape principale (nom interne)
flow-status-add-button = Ajouter l’étape principale
flow-status-internal-required = Donnez un nom interne à l’étape principale.
flow-status-remove = Retirer cette étape principale
flow-status-not-empty = Déplacez ou retirez d’abord ses étapes : seule une étape principale vide peut être retirée.
flow-move-up = Monter
flow-move-down = Descendre
flow-cannot-move = Elle ne peut pas aller plus loin dans ce sens.
flow-waiting-lead = Les projets à cette étape, du plus ancien au plus récent.
flow-waiting-none = Aucun projet n’est à cette étape.
flow-waiting-customer = Client
flow-waiting-since = Ici depuis le
flow-offer-version = Version { $version }
error-flow-quote-changed = Cette soumission a changé depuis l’affichage de la page (une nouvelle version a été ajoutée, ou elle a déjà reçu une réponse). Consultez-la de nouveau avant d’accepter : rien n’a été accepté.
error-flow-terms-changed = De nouvelles conditions sont entrées en vigueur depuis l’affichage de la page. Relisez-les avant d’accepter : rien n’a été accepté.
error-flow-offer-quotes = Cette offre se règle maintenant sur la page de sa soumission, avec votre signature : rien n’a été accepté ni refusé ici.
error-document-frozen = Ce document a fait l’objet d’un accord (accepté ou signé) : il ne peut plus changer. Ajoutez plutôt un nouveau document.
journal-document-accepted = Accepté
receipt-subject = Accusé de réception : { $document } accepté — { $provider }
receipt-body =
    { $who } a accepté « { $document } » (projet { $project }) le { $when }, depuis l’adresse { $ip }.

    Fichier accepté : { $file } (version { $version })
    Empreinte SHA-256 : { $sha256 }

    Ce document est maintenant définitif ; l’acceptation est conservée dans l’historique du projet :
    { $link }

    { $provider }
error-control-characters = Le formulaire contient des caractères de contrôle invisibles (comme un octet NUL), qui ne sont pas acceptés. Rien n’a été enregistré : retirez-les et réessayez.

# Sales: catalog, cart, orders
field-placed-by = Passée par
field-po-number = Bon de commande
orders-search = Trouver une commande (numéro, bon de commande, client)
orders-pages = Pages des commandes
orders-newest = ← Les plus récentes
orders-older = Commandes plus anciennes →
orders-all-statuses = Tous les états
order-status-partially_shipped = Expédiée en partie
order-shipments = Expéditions
order-line-shipped = { $shipped } sur { $quantity } expédiés
order-ship-title = Enregistrer une expédition
order-ship-left = Reste à expédier
order-ship-now = Dans cette expédition
order-ship = Enregistrer l’expédition
order-nothing-to-ship = Il ne reste rien à expédier sur cette commande.
error-ship-quantity = Une quantité de cette expédition dépasse ce qui reste à expédier, ou n’est pas un nombre entier.
error-ship-nothing = Indiquez combien d’au moins un produit partent dans cette expédition.
product-image = Image
product-image-of = Image de { $name }
product-image-none = Aucune image pour l’instant.
product-image-choose = Une image (PNG, JPEG ou WebP)
product-image-hint = 5 Mo au plus ; elle remplace l’image actuelle. Les clients la voient dans leur catalogue.
product-image-save = Enregistrer l’image
notice-image-saved = L’image est enregistrée.
error-image-type = Ce fichier n’est pas une image PNG, JPEG ou WebP. Rien n’a été changé.
email-order-new-subject = { $provider } — nouvelle commande { $number } de { $company }
email-order-new-body =
    Bonjour { $name },

    { $company } a passé la commande { $number } ({ $total }, taxes comprises) :
    { $link }

    { $provider }
order-new-digest-line = Nouvelle commande { $number } de { $company } ({ $total })
catalog-favourites-only = Mes favoris seulement
catalog-pages = Pages du catalogue
catalog-previous = ← Page précédente
catalog-next = Page suivante →
catalog-page = Page { $page }
catalog-no-favourites = Aucun favori pour l’instant : marquez des produits avec ☆ pour les retrouver ici.
favourite-add = Ajouter aux favoris
favourite-remove = Retirer des favoris
customer-prices-title = Ce que ce client paie
customer-prices-empty = Aucun produit n’a encore de prix pour ce client.
price-rule-applied = Règle appliquée
price-rule-own = Son propre prix
order-status-awaiting_approval = En attente d’approbation
notice-order-awaiting = La commande { $number } est passée. Elle dépasse le montant d’approbation de votre entreprise : elle sera transmise au fournisseur dès qu’un approbateur de votre entreprise l’aura acceptée (il en a été avisé).
notice-order-approved = La commande est approuvée : elle est transmise au fournisseur.
notice-order-refused = La commande est refusée ; la personne qui l’a passée en voit la raison.
notice-approval-saved = Le montant d’approbation est enregistré.
orders-to-approve = Commandes à approuver
orders-to-approve-more = Les { $count } plus récentes sont listées ici; les autres sont dans la liste ci-dessous, marquées « { order-status-awaiting_approval } ».
order-approval-title = Approbation des commandes
order-approval-above = Les commandes de plus de { $amount } attendent l’approbation d’un responsable de votre entreprise avant d’être transmises au fournisseur.
order-approval-none = Toutes les commandes sont transmises directement au fournisseur.
order-approval-amount = Approbation au-delà de (en { $currency })
order-approval-hint = Laissez vide pour qu’aucune commande n’attende d’approbation. Les personnes dont le rôle permet de modifier les commandes approuvent, et leurs propres commandes n’attendent jamais.
order-decide-title = Approuver cette commande ?
order-decide-lead = { $who } a passé cette commande ; elle ne sera transmise au fournisseur qu’une fois approuvée.
order-approve = Approuver et transmettre au fournisseur
order-refuse-reason = Raison du refus (montrée à la personne qui l’a passée)
order-refuse = Refuser la commande
order-no-longer-awaiting = Cette commande n’attend plus d’approbation : quelqu’un a décidé entre-temps.
email-order-approval-subject = { $provider } — la commande { $number } attend votre approbation
email-order-approval-body =
    Bonjour { $name },

    { $who } a passé la commande { $number } ({ $total }, taxes comprises), au-delà du montant d’approbation de votre entreprise. Elle sera transmise à { $provider } une fois approuvée :
    { $link }

    { $provider }
order-approval-digest-line = La commande { $number } de { $who } attend votre approbation
area-orders-lead = Commandez dans votre catalogue à vos prix, et suivez chaque commande jusqu’à la livraison.
nav-catalog = Commander
nav-orders = Commandes
nav-cart = Panier
catalog-title = Commander au catalogue
catalog-lead = Produits et prix pour { $company }
catalog-search = Chercher dans le catalogue
catalog-all-categories = Toutes les catégories
catalog-empty = Aucun produit n’est encore offert à votre entreprise. Votre fournisseur pourra vous renseigner.
catalog-none-found = Aucun produit ne correspond à cette recherche.
field-category = Catégorie
field-quantity = Quantité
field-product = Produit
field-unit-price = Prix unitaire
field-line-total = Total
product-sku = Code { $sku }
product-minimum = Minimum { $quantity }.
product-multiple = Par { $quantity }.
price-breaks = Prix selon la quantité
price-from-quantity = À partir de { $quantity }
availability-in-stock = En stock
availability-lead-time = Prêt en { $days ->
    [one] { $days } jour
   *[other] { $days } jours
}
availability-lead-time-choice = Fabriqué ou commandé (délai)
availability-on-order = Sur commande
unit-per-each = l’unité
unit-per-box = la boîte
unit-per-metre = le mètre
unit-per-kilogram = le kilogramme
unit-per-litre = le litre
unit-per-hour = l’heure
unit-each = Unité
unit-box = Boîte
unit-metre = Mètre
unit-kilogram = Kilogramme
unit-litre = Litre
unit-hour = Heure
cart-add = Ajouter au panier
cart-see = Voir mon panier
notice-cart-added = { $sku } a été ajouté à votre panier.
cart-title = Mon panier
cart-lead = Pour { $company } : ce que vous vous apprêtez à commander.
cart-empty = Votre panier est vide.
cart-browse = Parcourir le catalogue
cart-update = Mettre à jour
cart-remove = Retirer
cart-price-was = auparavant { $price }
cart-prices-changed = Certains prix ont changé depuis que vous avez ajouté ces produits. Le panier montre les prix d’aujourd’hui : vérifiez-les avant de commander.
cart-quantity-problem = Cette quantité ne respecte plus le minimum ou le multiple du produit : modifiez-la.
cart-no-longer-sold = Ce produit n’est plus offert à votre entreprise : retirez-le pour commander le reste.
cart-not-orderable = Certaines lignes ne peuvent pas être commandées telles quelles : voyez les notes dans le panier.
cart-changed = Votre panier a changé depuis l’affichage de cette page (un autre onglet, ou un prix). Rien n’a été commandé : vérifiez le panier ci-dessous et commandez de nouveau.
order-form-expired = Ce formulaire de commande a expiré. Rien n’a été commandé : vérifiez votre panier et commandez de nouveau.
tax-gst = TPS
tax-qst = TVQ
tax-hst = TVH
tax-pst = TVP
tax-rst = TVD
order-subtotal = Sous-total
order-total = Total
order-details = Livraison et références
order-ship-to = Livrer à
order-other-address = Une autre adresse, pour cette commande seulement
order-requested-on = Date de livraison souhaitée
order-po-number = Votre numéro de bon de commande
order-note = Note à l’intention du fournisseur
order-confirm-total = En passant cette commande, vous vous engagez à payer { $total }, taxes comprises.
order-place = Passer la commande
error-date-past = Cette date est déjà passée.
error-quantity = Entrez une quantité entière d’au moins 1.
error-quantity-minimum = Cette quantité est sous le minimum du produit.
error-quantity-multiple = Ce produit se vend par multiples : ajustez la quantité.
orders-title = Commandes
orders-new = Nouvelle commande
orders-empty = Aucune commande pour l’instant.
orders-empty-staff = Aucune commande ici.
orders-filter = Quelles commandes
orders-show-all = Voir toutes les commandes
orders-show-open = Voir seulement les commandes en cours
orders-open-lead = Les commandes encore à livrer, les plus récentes d’abord.
orders-all-lead = Toutes les commandes, les plus récentes d’abord.
field-order-number = Commande
field-order-date = Passée le
order-status = État
order-placed-by = Passée par { $who }
order-number = Commande { $number }
order-status-received = Reçue
order-status-in_preparation = En préparation
order-status-in_production = En production
order-status-shipped = Expédiée
order-status-delivered = Livrée
order-status-cancelled = Annulée
order-progress = Avancement de la commande
order-shipment = Expédition
order-carrier = Transporteur
order-tracking = Numéro de suivi
order-expected-on = Livraison prévue
opens-new-window = (s’ouvre dans une nouvelle fenêtre)
order-lines = Produits commandés
order-timeline = Historique
order-again = Commander de nouveau
order-cancel-title = Annuler cette commande
order-cancel-lead = Votre fournisseur ne l’a pas encore commencée : vous pouvez encore l’annuler.
order-cancel-reason = Raison (facultatif)
order-cancel = Annuler la commande
order-no-longer-cancellable = Cette commande ne peut plus être annulée : votre fournisseur l’a commencée. Écrivez-lui au besoin.
order-moved-meanwhile = Cette commande a changé d’état entre-temps. Rien n’a été modifié : voyez où elle en est.
notice-order-placed = Merci : la commande { $number } est passée. Une confirmation vous est envoyée par courriel.
notice-order-cancelled = La commande est annulée.
notice-order-reordered = Les produits sont dans votre panier.
notice-order-reordered-skipped = Les produits encore offerts sont dans votre panier ; ceux-ci ne le sont plus : { $skus }.
order-move-title = Faire avancer la commande
order-move-to = Nouvel état
order-shipment-when-shipped = Expédition (à l’envoi)
order-move-note = Note pour le client (facultatif)
order-move = Enregistrer
error-tracking = Lettres et chiffres seulement, 40 au plus.
carrier-canada_post = Postes Canada
carrier-purolator = Purolator
carrier-ups = UPS
carrier-fedex = FedEx
carrier-other = Autre transporteur
email-order-received-subject = { $provider } — commande { $number } reçue
email-order-received-body =
    Bonjour { $name },

    { $provider } a bien reçu votre commande { $number } ({ $total }, taxes comprises).
    Suivez-la ici :
    { $link }

    { $provider }
email-order-moved-subject = { $provider } — commande { $number } : { $status }
email-order-moved-body =
    Bonjour { $name },

    Votre commande { $number } est maintenant : { $status }.
    { $link }
    { $tracking }

    { $provider }
order-digest-line = Commande { $number } : { $status }
staff-catalog-title = Catalogue
staff-catalog-empty = Aucun produit pour l’instant.
product-new = Nouveau produit
product-details = Produit
product-active = En vente
product-withdrawn = Retiré
product-sold = Offert aux clients
field-sku = Code (UGS)
field-name-fr = Nom en français
field-name-en = Nom en anglais
field-description-fr = Description en français
field-description-en = Description en anglais
field-category-fr = Catégorie en français
field-category-en = Catégorie en anglais
field-unit = Unité
field-availability = Disponibilité
field-lead-days = Délai en jours
field-min-quantity = Quantité minimale
field-multiple = Vendu par multiples de
field-product-state = État
error-sku-taken = Un autre produit porte déjà ce code.
error-min-not-multiple = Le minimum doit être un multiple du pas de quantité.
error-edited-meanwhile = Quelqu’un a enregistré ce produit entre-temps. Sa version est affichée ; refaites vos modifications.
notice-product-created = Le produit est créé. Donnez-lui un prix pour que les clients puissent le commander.
prices-title = Prix
prices-lead = Le prix qu’un client voit est le sien s’il en a un, sinon celui de son segment, sinon le prix de base ; parmi ceux-là, le plus grand palier de quantité atteint.
prices-empty = Aucun prix pour l’instant : aucun client ne voit ce produit.
price-target = Pour
price-target-base = Tous (prix de base)
price-target-segment = Segment { $name }
price-target-customer = Client { $name }
price-min-quantity = À partir de la quantité
price-amount = Prix unitaire
price-validity = Valide
price-valid-from = à partir du { $date }
price-valid-until = jusqu’au { $date }
price-always = Toujours
price-from = Valide à partir du
price-until = Valide jusqu’au
price-add = Ajouter un prix
price-remove = Retirer
notice-price-added = Le prix est ajouté.
notice-price-removed = Le prix est retiré.
error-end-before-start = La fin précède le début.
segments-title = Segments de clientèle
segments-lead = Des groupes de clients qui partagent des prix (distributeurs, entrepreneurs…).
segments-empty = Aucun segment pour l’instant.
segment-name = Nom du segment
segment-add = Ajouter le segment
segment-none = Aucun
error-segment-taken = Un segment porte déjà ce nom.
notice-segment-created = Le segment est ajouté.
customer-sales-title = Ventes
field-segment = Segment
field-tax-region = Taxé au
notice-terms-saved = Les conditions de vente sont enregistrées.
tax-region-qc = Québec (TPS + TVQ)
tax-region-on = Ontario (TVH 13 %)
tax-region-bc = Colombie-Britannique (TPS + TVP)
tax-region-ab = Alberta (TPS)
tax-region-mb = Manitoba (TPS + TVD)
tax-region-sk = Saskatchewan (TPS + TVP)
tax-region-ns = Nouvelle-Écosse (TVH 14 %)
tax-region-nb = Nouveau-Brunswick (TVH 15 %)
tax-region-nl = Terre-Neuve-et-Labrador (TVH 15 %)
tax-region-pe = Île-du-Prince-Édouard (TVH 15 %)
tax-region-nt = Territoires du Nord-Ouest (TPS)
tax-region-nu = Nunavut (TPS)
tax-region-yt = Yukon (TPS)
tax-region-outside = Hors du Canada (sans taxe)
tax-region-exempt = Exempté

# Catalog import
catalog-import-link = Importer un fichier CSV
catalog-import-title = Importer le catalogue
catalog-import-lead = Créez ou mettez à jour des produits, ou ajoutez des prix, à partir d’un fichier CSV (UTF-8, séparé par des virgules ou des points-virgules, une ligne d’en-têtes). Le fichier est d’abord vérifié sans rien enregistrer : le rapport dit ce que chaque ligne fera. Vous l’appliquez ensuite.
catalog-import-kind = Le fichier contient
catalog-import-kind-products = Des produits
catalog-import-kind-prices = Des prix
catalog-import-products-help = Produits : un par code (UGS). Un nouveau code crée le produit, un code existant le met à jour ; une ligne identique ne change rien. Unité : each, box, metre, kilogram, litre ou hour. Disponibilité : in_stock, lead_time (avec lead_days) ou on_order. Actif : oui ou non (vide : oui).
catalog-import-prices-help = Prix : chaque ligne ajoute un prix au produit de ce code. Pour (target) : base, segment:nom du segment ou customer:numéro de client. Montant : 1234,50 ou 1234.50 ; devise : CAD, USD ou EUR ; dates AAAA-MM-JJ, facultatives. Un prix identique à un prix existant n’est pas ajouté de nouveau.
catalog-import-columns = Colonnes : { $columns }
catalog-import-file = Fichier CSV (au plus { $size })
catalog-import-check = Vérifier le fichier
catalog-import-report-title = Vérification du fichier
catalog-import-applied-title = Importation terminée
catalog-import-dry-run = Rien n’est encore enregistré. Voici ce que chaque ligne fera.
catalog-import-done = Le fichier est appliqué. Voici ce que chaque ligne a fait.
catalog-import-count-lines = Lignes lues : { $count }
catalog-import-count-created = Produits créés : { $count }
catalog-import-count-updated = Produits mis à jour : { $count }
catalog-import-count-unchanged = Lignes sans changement : { $count }
catalog-import-count-prices-added = Prix ajoutés : { $count }
catalog-import-count-refused = Lignes refusées : { $count }
catalog-import-unlisted = { $count } autres lignes sont comptées ci-dessus sans être listées (seuls les 200 premiers problèmes et les 200 premières autres lignes le sont).
catalog-import-line = Ligne
catalog-import-result = Résultat
catalog-import-will-create = Sera créé
catalog-import-created = Créé
catalog-import-will-update = Sera mis à jour
catalog-import-updated = Mis à jour
catalog-import-unchanged = Sans changement
catalog-import-will-add-price = Prix à ajouter
catalog-import-price-added = Prix ajouté
catalog-import-problem = { $column } : { $message }
catalog-import-apply-lead = Pour appliquer ces changements, choisissez de nouveau le même fichier : il est comparé à celui qui vient d’être vérifié (empreinte SHA-256), et seul ce fichier-là est appliqué.
catalog-import-same-file = Le même fichier
catalog-import-apply = Appliquer
catalog-import-back = Retour au catalogue
catalog-import-bad-header = Ce fichier n’est pas un CSV de ce type. La première ligne doit nommer ces colonnes : { $columns }.
catalog-import-empty = Ce fichier ne contient aucune ligne après les en-têtes.
catalog-import-not-checked-file = Ce fichier n’est pas celui qui a été vérifié. Rien n’a été enregistré : vérifiez-le d’abord.
catalog-import-unknown-sku = Code de produit inconnu
catalog-import-unknown-segment = Segment inconnu
catalog-import-unknown-customer = Numéro de client inconnu
catalog-import-bad-target = Écrivez base, segment:nom ou customer:numéro
catalog-import-duplicate-sku = Ce code figure déjà plus haut dans le fichier
catalog-import-cell-count = Nombre de cellules différent de celui des en-têtes
catalog-import-control-characters = Caractères de contrôle (octet nul…) dans la cellule
catalog-import-unreadable-line = Ligne illisible (pas en UTF-8 ou guillemets mal fermés)
catalog-import-edited-meanwhile = Le produit a été modifié entre-temps ; vérifiez le fichier de nouveau

# Local formats
format-range = { $start } à { $end }
format-range-days = { $start } au { $end }
format-now = à l’instant
format-minutes-ago = il y a { $n } { $n ->
    [one] minute
   *[other] minutes
}
format-hours-ago = il y a { $n } { $n ->
    [one] heure
   *[other] heures
}
format-days-ago = il y a { $n } { $n ->
    [one] jour
   *[other] jours
}
format-in-minutes = dans { $n } { $n ->
    [one] minute
   *[other] minutes
}
format-in-hours = dans { $n } { $n ->
    [one] heure
   *[other] heures
}
format-in-days = dans { $n } { $n ->
    [one] jour
   *[other] jours
}
format-zone-shown = Heures indiquées : { $zone }
format-when-zone = { $when } ({ $zone })
format-dates-from-to = Du { $start } au { $end }
format-dates-from = À partir du { $start }
format-dates-until = Jusqu’au { $end }
format-quoted = « { $text } »
flow-visit-note-shown = Note
size-gb = { $n } Go

# Sales: quotes
nav-quotes = Soumissions
quotes-title = Soumissions
quotes-empty = Aucune soumission pour l’instant.
quotes-ask = Demander une soumission
quotes-ask-lead = Décrivez ce dont vous avez besoin (produits, quantités, délais). Nous vous répondrons par une soumission que vous pourrez accepter en ligne.
quotes-send-request = Envoyer la demande
quotes-from-cart-hint = Vous pouvez aussi demander une soumission pour le contenu de votre panier :
quotes-all = Toutes
quotes-filter = Filtrer
quotes-new = Nouvelle soumission
quotes-create = Créer la soumission
field-quote-number = Numéro
field-quote-title = Objet
field-quote-request = Votre demande
quote-number = Soumission { $number }
quote-status = État
quote-status-draft = En préparation
quote-status-sent = À accepter
quote-status-accepted = Acceptée
quote-status-refused = Refusée
quote-status-withdrawn = Retirée
quote-status-expired = Expirée
quote-total = Total
quote-updated = Mise à jour
quote-valid-until = Valide jusqu’au
quote-requested-by = demandée par { $who }
quote-request = Demande
quote-being-prepared = Votre demande a bien été reçue : nous préparons votre soumission et vous avertirons dès qu’elle sera prête.
quote-being-revised-lead = Cette soumission est en cours de révision : la nouvelle version vous sera envoyée sous peu.
quote-lines = Lignes de la soumission
quote-discount = Remise
quote-discount-percent = Remise (%)
quote-deposit = Acompte ({ $percent } %)
quote-deposit-due = Un acompte de { $amount } sera demandé à l’acceptation.
quote-documents = Documents
quote-terms = Conditions
quote-revision-pdf = Soumission, version { $revision } (PDF)
quote-accepted-title = Acceptation
quote-signed-by = Signée par
quote-signed-at = Le
quote-signed-revision = Version acceptée
quote-order = Commande
quote-receipt = Télécharger le reçu d’acceptation (PDF)
quote-refused-title = Soumission refusée
quote-refused-by = Refusée par { $who }. Motif :
quote-accept-title = Accepter la soumission
quote-accept-lead = Vous acceptez la version { $revision } de cette soumission, telle que présentée sur cette page et dans son PDF.
quote-signer-name = Votre nom complet
quote-signature-draw = Signez dans le cadre ci-dessous avec la souris, le doigt ou un stylet (facultatif).
quote-signature-pad = Zone de signature
quote-signature-clear = Effacer la signature
quote-signature-typed = Sans signature dessinée, votre nom saisi tient lieu de signature.
quote-consent = J’accepte la version { $revision } de cette soumission et ses conditions, et je confirme être autorisé à engager mon entreprise.
quote-accept = Accepter et signer
quote-refuse-title = Refuser la soumission
quote-refuse-reason = Motif du refus
quote-refuse = Refuser
quote-renew-title = Soumission expirée
quote-renew-lead = La date de validité de cette soumission est passée : elle ne peut plus être acceptée. Vous pouvez en demander le renouvellement.
quote-renew-message = Message (facultatif)
quote-renew = Demander le renouvellement
quote-edit-title = Préparer la soumission
quote-renewal-asked = Le client demande le renouvellement :
quote-lines-hint = Laissez le prix vide pour appliquer le prix du client; mettez la quantité à 0 pour retirer une ligne.
quote-add-sku = Ajouter un produit (code)
quote-deposit-percent = Acompte demandé (%)
field-quote-project = Projet
quote-project-none = Aucun projet
quote-project-hint = L’étape d’offre du projet montrera cette soumission; l’accepter ou la refuser fera avancer le projet.
quote-for-project = Pour le projet :
quote-lang = Langue du PDF
quote-send = Envoyer au client
quote-send-hint = L’envoi produit le PDF de la nouvelle version et avertit le client. Enregistrez d’abord vos changements.
quote-manage-title = Gérer la soumission
quote-reopen = Réviser
quote-withdraw = Retirer
quote-reopen-hint = Réviser remet la soumission en préparation : la version envoyée ne peut plus être acceptée jusqu’à l’envoi de la suivante.
quote-file-prefix = soumission
quote-receipt-file-prefix = recu-acceptation
quote-from-cart-title = Soumission pour le contenu de mon panier
quote-cart-empty = Votre panier est vide : ajoutez des produits, ou décrivez votre demande.
quote-changed = Cette soumission a changé depuis l’affichage de la page. Rien n’a été accepté ni refusé : voici la soumission telle qu’elle est maintenant.
quote-being-revised = Cette soumission est en cours de révision : rien n’a été accepté. La nouvelle version vous sera envoyée.
quote-settled = Cette soumission a déjà été acceptée, refusée ou retirée.
quote-expired = Cette soumission a expiré : elle ne peut plus être acceptée. Vous pouvez en demander le renouvellement.
quote-not-expired = Cette soumission n’est pas expirée.
quote-not-draft = Seule une soumission en préparation peut être modifiée ou envoyée : révisez-la d’abord.
quote-signature-invalid = La signature dessinée n’a pas pu être lue. Effacez-la et signez de nouveau, ou laissez votre nom saisi comme signature.
quote-consent-required = Cochez la case pour confirmer votre acceptation.
quote-deposit-invalid = Inscrivez un pourcentage entier de 0 à 100.
quote-discount-invalid = Inscrivez un pourcentage de 0 à 100.
quote-price-required = Ce client n’a pas de prix pour ce produit : inscrivez un prix.
quote-sku-unknown = Aucun produit avec ce code.
quote-too-many-lines = Une soumission compte au plus 200 lignes.
quote-too-large = Ces montants sont trop élevés.
quote-no-lines = Ajoutez au moins un produit avant d’envoyer.
quote-valid-until-required = Inscrivez la date de validité avant d’envoyer.
notice-quote-requested = Demande envoyée. Nous vous avertirons dès que la soumission sera prête.
notice-quote-refused = Soumission refusée. Nous avons transmis votre motif.
notice-quote-renewal = Demande de renouvellement envoyée.
notice-quote-sent = Soumission envoyée au client.
notice-quote-reopened = Soumission remise en préparation.
notice-quote-withdrawn = Soumission retirée.
notice-order-from-quote = Soumission acceptée : voici la commande { $number }. Un reçu d’acceptation est disponible sur la page de la soumission.
quote-sent-digest-line = Soumission { $number } à accepter : { $title } ({ $total })
quote-staff-digest-line = Soumission { $number } de { $company } : { $title }
email-quote-sent-subject = { $provider } — soumission { $number } à accepter
email-quote-sent-body =
    Bonjour { $name },

    La soumission { $number } (« { $title } », { $total }, taxes comprises) est prête. Elle est valide jusqu’au { $until }.
    Consultez-la, posez vos questions et acceptez-la en ligne :
    { $link }

    { $provider }
email-quote-request-subject = { $provider } — demande de soumission { $number } de { $company }
email-quote-request-body =
    Bonjour { $name },

    { $company } demande une soumission : « { $title } ».
    { $link }

    { $provider }
email-quote-accepted-subject = { $provider } — soumission { $number } acceptée par { $company }
email-quote-accepted-body =
    Bonjour { $name },

    { $company } a accepté la soumission { $number } (« { $title } »). La commande a été créée; le reçu d’acceptation est sur la page de la soumission :
    { $link }

    { $provider }
email-quote-refused-subject = { $provider } — soumission { $number } refusée par { $company }
email-quote-refused-body =
    Bonjour { $name },

    { $company } a refusé la soumission { $number } (« { $title } »). Motif :
    { $reason }

    { $link }

    { $provider }
email-quote-renewal-subject = { $provider } — { $company } demande le renouvellement de la soumission { $number }
email-quote-renewal-body =
    Bonjour { $name },

    { $company } demande le renouvellement de la soumission expirée { $number } (« { $title } »).
    { $reason }

    { $link }

    { $provider }
pdf-quote-title = Soumission { $number } — version { $revision }
pdf-quote-customer = Client
pdf-quote-title-label = Objet
pdf-quote-date = Date
pdf-quote-valid-until = Valide jusqu’au
pdf-quote-requested-by = Demandée par
pdf-quote-prepared-by = Préparée par
pdf-col-sku = Code
pdf-col-product = Produit
pdf-col-quantity = Quantité
pdf-col-unit-price = Prix unitaire
pdf-col-discount = Remise
pdf-col-total = Montant
pdf-subtotal = Sous-total
pdf-total = Total
pdf-deposit = Acompte à l’acceptation ({ $percent } %)
pdf-terms = Conditions
pdf-how-to-accept = Pour accepter
pdf-how-to-accept-body = Acceptez cette soumission en ligne dans votre portail client, avant sa date de validité. L’acceptation porte sur cette version exacte du document.
pdf-receipt-title = Reçu d’acceptation — soumission { $number }
pdf-receipt-revision = Version acceptée
pdf-receipt-sha256 = Empreinte SHA-256 du PDF accepté
pdf-receipt-total = Total
pdf-receipt-signed-by = Nom signé
pdf-receipt-account = Compte utilisé
pdf-receipt-when = Date et heure
pdf-receipt-ip = Adresse IP
pdf-receipt-agent = Navigateur
pdf-receipt-order = Commande créée
pdf-receipt-signature = Signature
pdf-receipt-what = Ce que ce reçu atteste
pdf-receipt-what-body = La personne nommée ci-dessus a accepté en ligne la version indiquée de la soumission, dont le PDF a l’empreinte SHA-256 indiquée. Tout document dont l’empreinte diffère n’est pas celui qui a été accepté.
order-from-quote = Issue de la soumission
order-see-quote = Voir la soumission acceptée
order-deposit-due = Acompte dû
cart-quote-hint = Besoin d’un prix négocié ou d’une grosse quantité? Demandez une soumission pour ce panier.
cart-ask-quote = Demander une soumission pour ce panier
area-quotes-lead = Demandez une soumission, lisez-la en ligne et acceptez-la d’une signature.
pdf-order-title = Confirmation de la commande { $number }
pdf-order-date = Passée le
pdf-order-placed-by = Passée par
pdf-order-po = Bon de commande
pdf-order-requested-on = Date souhaitée
pdf-order-ship-to = Livrer à
pdf-order-deposit-due = Acompte dû
pdf-order-note = Note
order-pdf = Télécharger la confirmation (PDF)
order-file-prefix = commande
quotes-new-for-customer = Nouvelle soumission pour ce client

## Configurable products (issue 16)
config-title = Configurateur
config-staff-lead = Les clients choisissent une option dans chaque groupe, ou inscrivent un nombre; le prix du produit s’ajuste selon leurs choix. Les règles disent ce qui va ensemble. Une ligne vide ajoute, la case « Retirer » enlève. Sans aucun groupe, le produit redevient un produit ordinaire.
config-product-lead = Ce produit se vend configuré : le client choisit ses options, puis demande une soumission.
config-product-plain = Ce produit se vend tel quel. Ajoutez-lui des groupes d’options pour que le client le configure.
config-edit = Modifier le configurateur
config-groups = Groupes d’options
config-groups-hint = Clé : lettres minuscules, chiffres et « _ » (par exemple materiau). Un groupe « choix » offre des options; un groupe « nombre » demande un nombre entier entre le minimum et le maximum, au prix unitaire indiqué.
config-key = Clé
config-name-fr = Nom (français)
config-name-en = Nom (anglais)
config-kind = Type
config-kind-choice = Choix
config-kind-number = Nombre
config-min = Minimum
config-max = Maximum
config-unit-price = Prix par unité
config-remove = Retirer
config-options = Options
config-options-hint = Chaque option appartient à un groupe « choix » (sa clé). Le prix s’ajoute au prix du produit; il peut être négatif.
config-group = Groupe
config-option-price = Prix ajouté
config-rules = Règles
config-rules-hint = « Exige » : choisir l’option A oblige à choisir l’option B. « Exclut » : A et B ne vont jamais ensemble. « Limite » : choisir A limite le groupe nombre B entre le minimum et le maximum. Les options s’écrivent groupe.option (par exemple materiau.bois).
config-rule-kind = Règle
config-rule-a = Option A
config-rule-b = Option ou groupe B
config-rule-requires = Exige
config-rule-excludes = Exclut
config-rule-range = Limite
config-whole-number = Inscrivez un nombre entier.
config-bad-price = Inscrivez un montant, par exemple 12,50 ou -5.
config-bad-group = Aucun groupe « choix » n’a cette clé.
config-bad-rule = Cette règle nomme une option ou un groupe qui n’existe pas, ou deux options du même groupe.
config-bad-key = Clé invalide ou déjà utilisée : lettres minuscules, chiffres et « _ », 40 caractères au plus.
config-unnamed = Donnez-lui un nom, en français ou en anglais.
config-no-option = Ce groupe n’a aucune option.
config-bad-range = Le minimum doit être inférieur ou égal au maximum, entre 0 et 1 000 000.
config-no-group = Il faut au moins un groupe d’options pour des règles.
config-too-many = Trop d’éléments : 12 groupes, 30 options par groupe et 60 règles au plus.
config-too-intricate = Ces règles sont trop enchevêtrées pour être vérifiées rapidement. Simplifiez-les.
config-unsatisfiable = Rien n’a été enregistré : ces règles, ensemble, ne laissent aucune configuration possible. Les règles en cause sont marquées ci-dessous; retirez-en une ou assouplissez-la.
config-rule-conflict = Cette règle fait partie du conflit.
config-configure = Configurer
config-from = À partir de
config-your-choices = Vos choix
config-lead = Choisissez une option dans chaque groupe. Les options qui ne vont pas avec vos autres choix sont indiquées comme non offertes.
config-unavailable = non offerte avec vos choix
config-update = Mettre à jour le prix
config-summary = Votre configuration
config-base-price = Prix de base
config-your-price = Votre prix
config-incomplete = Faites un choix dans chaque groupe pour voir votre prix.
config-note = Précisions (facultatif)
config-ask-quote = Demander une soumission
config-ask-hint = Nous vous préparerons une soumission pour cette configuration; vous pourrez l’accepter en ligne.
config-no-quotes = Votre rôle ne permet pas de demander des soumissions. Demandez à l’administrateur de votre entreprise.
config-choose = Faites un choix dans ce groupe.
config-out-of-range = Inscrivez un nombre de { $min } à { $max }.
config-incompatible = Ce choix ne va pas avec vos autres choix.
config-range = De { $min } à { $max }
config-per-unit = { $amount } par unité
config-quantity = Inscrivez une quantité permise pour ce produit.
config-too-large = Ce montant dépasse ce qui peut être traité. Réduisez la quantité.
config-configure-first = Ce produit se vend configuré : choisissez d’abord ses options.

## Quote threads (issue 16)
quote-thread-title = Questions et réponses
quote-thread-empty = Une question sur cette soumission? Écrivez-nous ici : nous vous répondrons sur cette page et par courriel.
quote-thread-empty-staff = Aucune question pour l’instant.
quote-thread-provider = Fournisseur
quote-thread-ask = Votre question
quote-thread-answer = Votre réponse
quote-thread-file = Joindre un fichier (facultatif)
quote-thread-file-hint = Un plan, une photo, un devis technique… Un fichier par message.
quote-thread-send = Envoyer
quote-request-file = Joindre un fichier (facultatif)
quote-file-empty = Ce fichier est vide.
quote-answer-digest-line = Réponse au sujet de la soumission { $number } : { $title }
email-quote-question-subject = { $provider } — question de { $company } sur la soumission { $number }
email-quote-question-body =
    Bonjour { $name },

    { $company } pose une question sur la soumission { $number } (« { $title } ») :
    { $reason }

    Répondez sur la page de la soumission :
    { $link }

    { $provider }
email-quote-answer-subject = { $provider } — réponse au sujet de la soumission { $number }
email-quote-answer-body =
    Bonjour { $name },

    Nous avons répondu au sujet de la soumission { $number } (« { $title } ») :
    { $message }

    Consultez-la et poursuivez l’échange en ligne :
    { $link }

    { $provider }

## Factures (issue 17)
nav-invoices = Factures
area-invoices-lead = Vos factures, ce qui reste à payer et quand.
invoices-title = Factures
invoices-owed = Ce que vous devez
invoices-balance-in = Solde en { $currency }
invoices-of-which-overdue = dont { $amount } en retard
invoices-credit-available = crédit disponible : { $amount }
invoices-empty = Aucune facture pour l’instant.
invoices-no-older = Aucune facture plus ancienne.
invoices-pages = Pages des factures
invoices-newest = ← Les plus récentes
invoices-older = Factures plus anciennes →
invoices-filter = Quelles factures
invoices-show-all = Toutes les factures
invoices-show-unpaid = Factures impayées seulement
invoices-unpaid-lead = Les factures et notes de crédit dont il reste un solde, les plus récentes d’abord.
invoices-all-lead = Toutes les factures et notes de crédit, les plus récentes d’abord.
invoices-empty-staff = Aucune facture ici.
invoices-none-for-order = Cette commande n’est pas facturée.
invoice-number = Facture { $number }
credit-note-number = Note de crédit { $number }
invoice-field-number = Numéro
invoice-issued-on = Date de facture
invoice-issued-on-day = Facturée le { $day }
invoice-due-on = Échéance
invoice-status = Statut
invoice-total = Total
invoice-paid = Déjà payé
invoice-balance = Solde
invoice-lines = Lignes de la facture
invoice-details = Détails
invoice-order = Commande
invoice-see-order = Voir la commande
invoice-note = Note
invoice-voided-at = Annulée le
invoice-status-open = À payer
invoice-status-partially_paid = Payée en partie
invoice-status-paid = Payée
invoice-status-overdue = En retard
invoice-status-void = Annulée
invoice-due-now = Montant dû maintenant
invoice-overdue-lead = Dont { $amount } en retard : des échéances passées ne sont pas encore payées.
invoice-instalment-lead = C’est l’échéance en cours; le solde total est de { $balance }, payable selon le calendrier ci-dessous.
invoice-due-by = À payer au plus tard le { $day }.
invoice-schedule = Calendrier de paiement
invoice-instalment-amount = Montant
invoice-instalment-left = Reste à payer
instalment-paid = Payée
instalment-overdue = En retard
instalment-due-today = Due aujourd’hui
instalment-upcoming = À venir
invoice-bill-lead = Facturez la commande entière à ses prix et taxes. Le total est réparti en versements égaux; les centièmes restants vont au premier.
invoice-first-days = Jours avant la première échéance (0 : sur réception)
invoice-instalments = Nombre de versements
invoice-every-days = Jours entre les versements
invoice-bill = Émettre la facture
invoice-void-title = Annuler la facture
invoice-void-lead = Une facture sans aucun paiement peut être annulée : elle garde son numéro et ne doit plus rien. Le client la voit comme annulée.
invoice-void = Annuler cette facture
notice-invoice-issued = La facture est émise. Le client la voit dans son portail.
notice-invoice-voided = La facture est annulée.
error-invoice-terms = Entrez un nombre entier dans les limites permises (jusqu’à 24 versements, 730 jours).
error-invoice-terms-too-long = La dernière échéance tomberait plus de deux ans après la date de facture.
invoice-order-cancelled = Cette commande est annulée : elle ne peut pas être facturée.
invoice-order-billed = Cette commande est déjà facturée. Annulez d’abord la facture existante pour en émettre une autre.
invoice-changed-meanwhile = Cette facture a changé depuis l’affichage de la page (un paiement ou une annulation). Voici son état actuel.
invoice-pdf = Télécharger la facture (PDF)
invoice-file-prefix = facture
credit-note-file-prefix = note-de-credit
pdf-invoice-title = Facture { $number }
pdf-credit-note-title = Note de crédit { $number }
invoice-overdue-since = Cette somme était due le { $day } : elle est en retard.
invoice-of-order = Facture
error-payment-above-balance = Ce montant dépasse le solde de la facture.
error-payment-in-future = Un paiement ne peut pas être reçu à une date future.
payment-not-payable = Cette facture n’attend aucun paiement (annulée, ou c’est une note de crédit).
payment-form-expired = Ce formulaire a expiré. Voici la facture à jour; entrez le paiement de nouveau.
invoice-payments = Paiements reçus
invoice-payments-none = Aucun paiement reçu pour l’instant.
payment-received-on = Reçu le
payment-method = Mode
payment-reference = Référence
payment-amount = Montant
payment-record-title = Enregistrer un paiement reçu
payment-record-lead = Un virement, un chèque ou un autre paiement reçu pour cette facture. Il s’ajoute au montant payé; le solde et le statut suivent.
payment-record = Enregistrer le paiement
payment-method-transfer = Virement
payment-method-cheque = Chèque
payment-method-card = Carte
payment-method-cash = Comptant
payment-method-other = Autre
notice-payment-recorded = Le paiement est enregistré.
statement-title = Relevé de compte
statement-range = du { $from } au { $to }
statement-from = Du
statement-to = Au
statement-currency = Devise
statement-show = Afficher
statement-date = Date
statement-entry = Opération
statement-debit = Débit
statement-credit = Crédit
statement-opening = Solde reporté
statement-closing = Solde au { $day }
statement-payment = Paiement — facture { $number }
statement-aging = Ce qui est dû, par ancienneté
statement-aging-lead = Ce qui reste à payer aujourd’hui sur chaque échéance, selon le nombre de jours écoulés depuis sa date d’échéance.
aging-current = Non échu
aging-1-30 = 1 à 30 jours
aging-31-60 = 31 à 60 jours
aging-61-90 = 61 à 90 jours
aging-over-90 = Plus de 90 jours
error-statement-dates = Le début ne peut pas suivre la fin.

## Paiement en ligne
pay-title = Payer en ligne
pay-invoices = Factures à payer
pay-amount = Montant à payer
pay-due-now = Ce qui est dû maintenant : { $amount }
pay-whole-balance = Tout le solde : { $amount }
pay-other-amount = Un autre montant
pay-amount-in = Montant ({ $currency })
pay-card = Carte
pay-card-lead = Les données de votre carte vont directement à Stripe, notre processeur de paiement; nous ne les voyons jamais.
pay-needs-script = Le paiement par carte demande JavaScript, qui est désactivé dans ce navigateur.
pay-submit = Payer maintenant
pay-busy = Envoi…
pay-by-transfer = Payer par virement bancaire
pay-not-payable = Une de ces factures n’a plus rien à payer (payée, annulée ou note de crédit). Vos factures montrent où en est chacune.
pay-form-expired = Ce formulaire de paiement a expiré. Ouvrez de nouveau la facture pour la payer.
payment-card-off = Le paiement par carte n’est pas offert pour l’instant.
error-pay-choose = Choisissez au moins une facture à payer.
error-pay-too-many = Choisissez au plus 50 factures à la fois.
error-pay-one-currency = Choisissez des factures dans une même devise; payez les autres séparément.
error-payment-below-minimum = Le plus petit montant accepté en ligne est de 1,00.
error-payment-card = Entrez le numéro de la carte, sa date d’expiration et son code de sécurité.
invoice-pay = Payer cette facture
invoices-pay-selected = Payer les factures choisies
invoices-select = Choisir la facture { $number }
checkout-title = Votre paiement
checkout-succeeded = Merci : votre paiement de { $amount } a été reçu.
checkout-processing = Votre paiement est en cours de confirmation par le processeur de paiement. Cette page se met à jour d’elle-même.
checkout-bank-confirms = Votre banque vous demande de confirmer ce paiement.
checkout-bank-confirm = Confirmer auprès de ma banque
checkout-nothing-charged = Rien n’a été porté à votre carte.
checkout-retry = Réessayer
checkout-amount = Montant
checkout-started = Commencé
checkout-invoices = Factures de ce paiement
checkout-unapplied = { $amount } de ce paiement dépassait ce qui restait à payer; notre équipe de comptabilité communiquera avec vous pour le rembourser ou l’appliquer.
checkout-back = Retour à mes factures
payment-failure-card_declined = Votre carte a été refusée.
payment-failure-insufficient_funds = Votre carte a été refusée : fonds insuffisants.
payment-failure-expired_card = Votre carte est expirée.
payment-failure-incorrect_cvc = Le code de sécurité de la carte est erroné.
payment-failure-incorrect_number = Le numéro de carte est erroné.
payment-failure-authentication = Votre banque n’a pas confirmé le paiement.
payment-failure-unavailable = Le processeur de paiement est injoignable. Réessayez dans quelques minutes.
payment-failure-refused = Le paiement a été refusé.
payment-settings-title = Paramètres de paiement
payment-settings-link = Paramètres de paiement
payment-settings-card = Paiement par carte (Stripe)
payment-settings-card-lead = Vos clients paient par carte au moyen de votre compte Stripe. Les clés sont dans le tableau de bord de Stripe, sous Développeurs.
payment-settings-card-on = Offrir le paiement par carte
payment-settings-publishable = Clé publiable (pk_…)
payment-settings-secret = Clé secrète (sk_… ou rk_…)
payment-settings-secret-none = Aucune enregistrée.
payment-settings-secret-saved = Enregistrée, se termine par { $end }. Laissez vide pour la garder.
payment-settings-webhook-secret = Secret de signature du webhook (whsec_…)
payment-settings-webhook-url = Dans Stripe, envoyez les événements payment_intent.succeeded, payment_intent.payment_failed et payment_intent.canceled à { $url }.
payment-settings-partial = Les clients peuvent payer une partie de ce qui est dû
payment-settings-transfer = Virement bancaire
payment-settings-transfer-on = Afficher les instructions de virement sur les factures impayées
payment-settings-instructions = Instructions de virement
notice-payment-settings-saved = Paramètres de paiement enregistrés.
error-payment-key-needed = Le paiement par carte demande cette clé.
error-payment-key-format = Cela ne ressemble pas à une clé Stripe de ce type.
error-payment-instructions-needed = Écrivez les instructions que verront les clients.
checkouts-title = Paiements en ligne
checkouts-lead = Les derniers paiements par carte commencés par les clients, du plus récent au plus ancien. Un paiement est reçu quand Stripe le confirme.
checkouts-empty = Aucun paiement en ligne pour l’instant.
checkouts-by = Par
checkouts-unapplied = { $amount } reçu mais non appliqué : à rembourser ou à appliquer.
checkout-status-open = Commencé
checkout-status-processing = En confirmation
checkout-status-succeeded = Reçu
checkout-status-failed = Refusé
checkout-status-canceled = Annulé
statement-period = Période
statement-pdf = Télécharger en PDF
statement-file-prefix = releve
proof-title = J’ai payé par virement : envoyer la preuve
proof-lead = Envoyez le reçu ou une capture d’écran de votre virement (PDF, PNG ou JPEG). Notre équipe de comptabilité le vérifie et marque la facture payée.
proof-amount = Montant envoyé
proof-sent-on = Envoyé le
proof-file = Reçu du virement
proof-send = Envoyer la preuve
proofs-title = Preuves de virement
proof-status-pending = En vérification
proof-status-confirmed = Confirmée
proof-status-rejected = Non acceptée
proof-confirm = Confirmer : paiement reçu
proof-reject = Non reçu
proof-reason = Pourquoi (le client le verra)
proof-transfers-off = Le virement n’est pas offert pour l’instant.
proof-decided = Cette preuve a déjà été traitée. Voici la facture telle qu’elle est.
proof-above-balance = Le montant de cette preuve dépasse ce qui reste à payer. Enregistrez plutôt le paiement reçu.
error-proof-file = Choisissez le fichier du reçu.
notice-proof-sent = Merci : votre preuve de virement est envoyée. Nous confirmerons le paiement dès qu’il nous parviendra.
notice-proof-confirmed = Le virement est confirmé et le paiement enregistré.
notice-proof-rejected = La preuve est marquée comme non reçue.
proofs-pending-title = Preuves de virement à vérifier
invoices-selected = Choisies
invoices-zip-selected = Télécharger les factures choisies en PDF (ZIP)
invoices-zip-name = factures
email-payment-receipt-subject = { $provider } — paiement reçu : { $amount }
email-payment-receipt-body =
    Bonjour { $name },

    Nous avons reçu votre paiement par carte de { $amount }. Il est appliqué à :
    { $lines }

    Votre paiement et vos factures :
    { $link }

    Merci,
    { $provider }
email-payment-receipt-line = - { $invoice } : { $amount }
invoices-filter-label = Trouver des factures
invoices-find-number = Numéro de facture
invoices-unpaid-only = Seulement celles à payer
invoices-all = Toutes les factures
invoices-none-match = Aucune facture ne correspond.
error-invoice-number = Entrez un numéro de facture, par exemple 12.
checkout-slow = Cela prend plus de temps que d’habitude. Vous pouvez quitter cette page : vous recevrez un reçu par courriel dès que le paiement sera confirmé, et vos factures l’indiqueront.
email-proof-subject = { $provider } — { $company } a envoyé une preuve de virement pour la facture { $number }
email-proof-body =
    Bonjour { $name },

    { $company } indique avoir envoyé { $amount } par virement bancaire pour la facture { $number }, avec son reçu. Confirmez-le une fois l’argent au compte, ou refusez-le :
    { $link }

    { $provider }
proof-digest-line = { $company } a envoyé une preuve de virement ({ $amount }) pour la facture { $number }
credit-line = Crédit sur la facture { $number }
error-credit-above-balance = Un crédit ne peut dépasser ce qui reste à payer sur la facture.
credit-title = Émettre une note de crédit
credit-lead = Créditez une partie ou la totalité de ce qui reste à payer (taxes incluses; elles sont réparties comme sur la facture). La note de crédit est appliquée à cette facture aussitôt; le client la voit avec sa raison.
credit-amount = Montant crédité, taxes incluses
credit-reason = Raison (le client la verra)
credit-issue = Émettre la note de crédit
credits-applied = Notes de crédit appliquées
notice-credit-issued = La note de crédit est émise et appliquée à la facture.
invoice-deposit = acompte

## Rappels (issue 17)
reminder-invoice_due-subject = Rappel : facture { $number } de { $provider }, échéance le { $due }
reminder-invoice_due-body =
    Bonjour { $name },

    Petit rappel : un montant de { $amount } de la facture { $number } vient à échéance le { $due }.
    Consultez la facture et payez-la en ligne :
    { $link }

    Si votre paiement est déjà en route, vous pouvez ignorer ce message.

    { $provider }
reminder-invoice_overdue-subject = Facture { $number } de { $provider } : paiement en retard
reminder-invoice_overdue-body =
    Bonjour { $name },

    Sauf erreur de notre part, un montant de { $amount } de la facture { $number } est en retard; l’échéance était le { $due }.
    Consultez la facture, payez-la en ligne ou envoyez une preuve de virement :
    { $link }

    Si vous avez déjà payé, merci et ne tenez pas compte de ce message.

    { $provider }
reminder-quote_expiring-subject = La soumission { $number } de { $provider } expire le { $due }
reminder-quote_expiring-body =
    Bonjour { $name },

    La soumission { $number } (« { $title } », { $amount }) est valide jusqu’au { $due }.
    Consultez-la, posez vos questions ou acceptez-la en ligne :
    { $link }

    { $provider }
error-reminder-too-many = Vous avez atteint le nombre maximal de règles de rappel (20). Supprimez-en une avant d’en ajouter.
error-reminder-kind = Choisissez quand envoyer ce rappel.
error-reminder-days = Indiquez un nombre de jours de 0 à 365.
error-reminder-days-overdue = Indiquez un nombre de jours de 1 à 365 après l’échéance.
error-reminder-text = Ce texte est trop long (objet : 200 caractères sur une ligne; message : 5 000 caractères).
error-reminder-placeholder = Ce texte contient un champ inconnu entre accolades. Utilisez seulement ceux de la liste ci-dessus.
error-reminder-link = Le message doit contenir { "{" }link{ "}" }, le lien direct vers le document.
reminder-rule-invoice_due = { $days ->
    [0] Le jour de l’échéance d’une facture
    [one] 1 jour avant l’échéance d’une facture
   *[other] { $days } jours avant l’échéance d’une facture
}
reminder-rule-invoice_overdue = { $days ->
    [one] 1 jour après l’échéance, facture impayée
   *[other] { $days } jours après l’échéance, facture impayée
}
reminder-rule-quote_expiring = { $days ->
    [0] Le dernier jour d’une soumission
    [one] 1 jour avant l’expiration d’une soumission
   *[other] { $days } jours avant l’expiration d’une soumission
}
reminder-rule-deleted = Règle supprimée
reminder-outcome-pending = En attente
reminder-outcome-done = Envoyé
reminder-outcome-dropped = Non envoyé : plus nécessaire
reminder-outcome-superseded = Remplacé par un rappel plus récent
reminder-outcome-failed = Échec
reminders-title = Rappels automatiques
reminders-lead = Guichet écrit aux contacts qui voient les factures (ou les soumissions) du client, à partir de 8 h, le jour prévu. Juste avant l’envoi, il vérifie que la facture est toujours impayée ou la soumission toujours ouverte; sinon, le rappel n’est pas envoyé. Chaque rappel part une seule fois.
reminders-rules = Règles
reminders-none = Aucune règle : aucun rappel n’est envoyé.
reminder-when = Quand
reminder-subject = Objet
reminder-state = État
reminder-active = Actif
reminder-paused = En pause
reminder-add = Ajouter une règle
reminder-kind = Type de rappel
reminder-kind-invoice_due = Avant l’échéance d’une facture
reminder-kind-invoice_overdue = Après l’échéance d’une facture impayée
reminder-kind-quote_expiring = Avant l’expiration d’une soumission
reminder-days = Nombre de jours
reminder-add-button = Ajouter la règle
reminders-recent = Derniers rappels
reminders-recent-none = Aucun rappel pour l’instant.
reminder-date = Date
reminder-document = Document
notice-reminder-added = Règle ajoutée, avec le texte par défaut dans les deux langues. Cliquez sur la règle pour modifier son texte.
notice-reminder-saved = Règle enregistrée.
notice-reminder-deleted = Règle supprimée. Les rappels déjà envoyés restent dans la liste.
reminder-changed-meanwhile = Quelqu’un a modifié cette règle pendant que vous l’éditiez. Votre texte est ci-dessous; enregistrez de nouveau pour remplacer le sien.
reminder-active-label = Envoyer ce rappel (décochez pour le mettre en pause)
reminder-placeholders = Champs que le message peut contenir : { $list }
reminder-subject-fr = Objet (français)
reminder-body-fr = Message (français)
reminder-subject-en = Objet (anglais)
reminder-body-en = Message (anglais)
reminder-delete = Supprimer la règle
reminders-link = Rappels
invoice-reminders = Rappels

## Notifications dans le portail (issue 17)
notices-title = Notifications
notices-read-all = Tout marquer comme lu
notices-preferences = Choisir ce qui m’est envoyé
notices-none = Aucune notification pour l’instant. Les événements qui vous concernent (commandes, factures, soumissions, messages, étapes) s’afficheront ici.
notices-unread = Non lue :
notices-bell = { $count ->
    [0] Notifications
    [one] Notifications, 1 non lue
   *[other] Notifications, { $count } non lues
}
payment-notice-line = Paiement de { $amount } reçu — { $link }
email-invoice-issued-subject = { $provider } — facture { $number } ({ $total })
email-invoice-issued-body =
    Bonjour { $name },

    La facture { $number } de { $provider } est émise : { $total }, taxes comprises.
    À payer maintenant : { $amount }, au plus tard le { $due }.
    Consultez-la, téléchargez-la en PDF et payez-la en ligne :
    { $link }

    { $provider }
invoice-issued-digest-line = Facture { $number } émise ({ $total }) — { $link }
reminder-preview = Aperçu
reminder-preview-lead = Le courriel tel qu’un contact le recevrait, avec des valeurs d’exemple, d’après le texte enregistré (ou tapé, si le formulaire a été refusé).
reminder-preview-fr = En français
reminder-preview-en = En anglais
reminder-example-name = Camille Tremblay
reminder-example-title = Agrandissement de l’entrepôt

# Deposit invoices (issue 17)
deposit-invoice-number = Facture d’acompte { $number }
pdf-deposit-invoice-title = Facture d’acompte { $number }
invoice-deposit-line = Acompte sur la soumission { $number }
invoice-deposit-deducted = Acompte facturé (facture { $number })
invoice-bill-deposit = Facturer l’acompte
invoice-bill-deposit-lead = La soumission acceptée demande un acompte de { $amount }. Facturez-le seul, payable sur réception; la facture de la commande le déduira.
invoice-bill-deducts = L’acompte (facture { $number }) sera déduit du total.
invoice-no-deposit = Cette commande ne demande pas d’acompte.
invoice-deposit-deducted-void = Cet acompte est déduit de la facture de la commande : annulez d’abord celle-ci.
order-pay-deposit = Payer l’acompte
order-deposit-paid = payé

# Invoices written by staff (issue 17)
invoice-write = Nouvelle facture
invoice-write-title = Nouvelle facture pour { $customer }
invoice-write-lead = Pour ce qu’aucune commande ne porte : un service, un déplacement, des frais. Chaque ligne : une description, une quantité (1 si vide) et un prix unitaire. Les taxes du client s’appliquent; les lignes vides sont ignorées.
invoice-write-lines = Lignes
invoice-line-number = Ligne { $number }
field-description = Description
invoice-write-submit = Émettre la facture
invoice-form-expired = Ce formulaire a expiré. Voici la page à jour; entrez la facture de nouveau.
error-invoice-no-lines = Entrez au moins une ligne : une description et un prix.
error-invoice-too-large = Ce montant dépasse ce qu’une facture peut porter.
error-too-many-lines = Trop de lignes pour une seule facture.
customer-invoices-see = Voir ses factures
invoices-every-customer = Tous les clients
error-invoice-price = Entrez un prix, par exemple 92,50.

## The home's action centre: what waits on the customer, most urgent first.
waiting-title = Ce qui vous attend
waiting-none = Rien ne vous attend pour l’instant.
waiting-overdue = En retard
waiting-more = { $count ->
    [one] Un autre élément attend dans les sections ci-dessous.
   *[other] { $count } autres éléments attendent dans les sections ci-dessous.
}
waiting-invoice = Payer la facture { $number }
waiting-invoice-due = { $amount } à payer d’ici le { $day }
waiting-invoice-overdue = { $amount } à payer, dû depuis le { $day }
waiting-quote = Répondre à la soumission { $number } : { $title }
waiting-quote-valid = { $amount }, valide jusqu’au { $day }
waiting-order = Approuver la commande { $number }
waiting-order-detail = { $amount }, passée par { $name }
waiting-request = Envoyer « { $title } » pour le projet { $project }
waiting-request-by = Demandé pour le { $day }
waiting-step = Poursuivre le projet { $project }
waiting-step-detail = Étape en cours : { $step }
area-invoices-waiting = { $count ->
    [one] Une facture à payer.
   *[other] { $count } factures à payer.
}
area-quotes-waiting = { $count ->
    [one] Une soumission attend votre réponse.
   *[other] { $count } soumissions attendent votre réponse.
}
area-orders-waiting = { $count ->
    [one] Une commande attend votre approbation.
   *[other] { $count } commandes attendent votre approbation.
}
area-projects-waiting = { $count ->
    [one] Un projet attend quelque chose de vous.
   *[other] { $count } projets attendent quelque chose de vous.
}
home-news-title = Nouveau depuis votre dernière visite
home-news-all = Toutes vos notifications
home-news-more = Voir les autres notifications non lues
