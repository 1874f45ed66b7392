"""The accessibility statement (EU Web Accessibility Directive 2016/2102, EN 301 549 built on
WCAG 2.1 AA): what the app meets, how that was measured, what it does not meet and why, and
whom to ask. Plain data and one function; the page `?a=UID` and the README say the same.
Written in French and said in the reader's language (`i18n`)."""

from __future__ import annotations

from datetime import date

from partnerday.i18n import N_, _, long_date
from partnerday.markdown import plain

STATEMENT_DATE = date(2026, 12, 3)
STATUS = N_("partiellement conforme")

MEASURED = (
    N_("Chaque modification de l'application passe des tests automatiques dans le navigateur "
       "Chromium : axe-core vérifie les règles WCAG 2.1 A et AA sur chaque page (téléphone, "
       "inscription sur place, tablette, projection, pages des organisateurs), à la taille de "
       "l'écran qui l'affiche ; aucune erreur « grave » ou « critique » ne reste."),
    N_("Une personne répond à chaque type de question au clavier seul (tabulation, flèches, "
       "saisie, Entrée) ; le curseur dit ce que signifient ses deux extrémités."),
    N_("Sur les tablettes, le compte à rebours n'est annoncé qu'aux étapes (début du tour, "
       "5 minutes, 1 minute, temps écoulé, pause), et l'enregistrement automatique laisse le "
       "curseur de saisie où il était."),
    N_("Les pages disent leur langue aux lecteurs d'écran (français, néerlandais ou anglais), "
       "avec le lien d'évitement et les noms des boutons dans cette langue."),
    N_("Les textes gris sont contrastés à 7,6:1 ; la dernière minute du tour est dite en mots "
       "sur le projecteur, pas seulement en rouge."),
    N_("Les pages du téléphone se lisent sans défilement horizontal avec un zoom de 200 % et "
       "avec le texte du téléphone agrandi à 200 %."),
    N_("Les organisateurs peuvent donner à une personne, ou à tout le monde, une page « facile "
       "à lire » : phrases courtes, une chose par écran, images, grands boutons."),
)

NOT_YET = (
    (N_("Page « facile à lire »"),
     N_("elle montre la table, le groupe, les questions et les engagements, une chose par "
        "écran ; l'annuaire, les personnes rencontrées et la mise à jour d'un engagement "
        "restent sur la page habituelle.")),
    (N_("Documents imprimés et PDF"),
     N_("les badges, affiches et rapports en PDF ne sont pas balisés pour les lecteurs "
        "d'écran (la bibliothèque qui les produit ne le permet pas) ; le rapport existe aussi "
        "en page web.")),
    (N_("Graphiques"),
     N_("les graphiques des questions et des rencontres n'ont pas d'équivalent textuel sur le "
        "projecteur ; les chiffres sont dans le rapport et sur les pages des organisateurs.")),
    (N_("Composants de Streamlit"),
     N_("le curseur annonce son nom deux fois, et quelques textes internes des composants "
        "(calendrier, messages de chargement) peuvent rester en anglais.")),
    (N_("Langues"),
     N_("le téléphone, l'inscription sur place, les tablettes, cette page, la page sur vos "
        "données et les e-mails sont en français, en néerlandais ou en anglais ; le "
        "projecteur, les pages des organisateurs, les documents imprimés et le texte des cas "
        "restent en français.")),
)


def statement(event_name: str | None, contact: str) -> str:
    """The statement in the page's language (Markdown; the organisers' typed texts come
    escaped)."""
    who = (_("Les structures partenaires du Partner Day « {event} »").format(
        event=plain(event_name)) if event_name else
        _("Les structures partenaires du Partner Day"))
    contact = plain(contact) if contact.strip() else _(
        "l'équipe organisatrice (à l'accueil le jour même)")
    measured = "\n".join("- " + _(line) for line in MEASURED)
    missing = "\n".join("- **" + _(what) + "** : " + _(why) for what, why in NOT_YET)
    return "\n\n".join([
        _("{who} veulent que chacun·e puisse utiliser cette application, y compris avec un "
          "lecteur d'écran, au clavier, avec une loupe ou en lisant peu. Cette déclaration "
          "suit la directive européenne (UE) 2016/2102 et la norme EN 301 549, qui reprend "
          "les règles WCAG 2.1 niveau AA.").format(who=who),
        "### " + _("État de conformité"),
        _("L'application est **{status}** : une partie des règles est respectée et vérifiée, "
          "le reste est dit ci-dessous.").format(status=_(STATUS)),
        "### " + _("Ce qui est vérifié"),
        measured,
        "### " + _("Ce qui n'est pas encore accessible"),
        missing,
        "### " + _("Besoin d'aide ou d'une autre forme ?"),
        _("Si une page ne vous est pas accessible, adressez-vous à {contact}. L'équipe vous "
          "donne l'information autrement (sur papier, de vive voix, avec l'aide d'une personne "
          "de l'accueil) et corrige ce qui peut l'être.").format(contact=contact),
        "### " + _("Recours"),
        _("Si la réponse ne vous satisfait pas, vous pouvez vous adresser au service de "
          "médiation compétent pour l'organisme qui organise la journée : par exemple le "
          "Médiateur bruxellois (ombudsman.brussels) pour un organisme régional bruxellois, ou "
          "le Médiateur fédéral pour un organisme fédéral."),
        "*" + _("Déclaration établie le {day}, d'après les tests automatiques de "
                "l'application.").format(day=long_date(STATEMENT_DATE)) + "*",
    ])
