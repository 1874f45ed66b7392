"""The accessibility statement (EU Web Accessibility Directive 2016/2102, EN 301 549 built on
WCAG 2.1 AA): what the app meets, how that was measured, what it does not meet and why, and
whom to ask. Plain data and one function; the page `?a=UID` and the README say the same."""

from __future__ import annotations

from partnerday.markdown import plain

STATEMENT_DATE = "1er décembre 2026"
STATUS = "partiellement conforme"

MEASURED = (
    "Chaque modification de l'application passe des tests automatiques dans le navigateur "
    "Chromium : axe-core vérifie les règles WCAG 2.1 A et AA sur chaque page (téléphone, "
    "inscription sur place, tablette, projection, pages des organisateurs), à la taille de "
    "l'écran qui l'affiche ; aucune erreur « grave » ou « critique » ne reste.",
    "Une personne répond à chaque type de question au clavier seul (tabulation, flèches, "
    "saisie, Entrée) ; le curseur dit ce que signifient ses deux extrémités.",
    "Sur les tablettes, le compte à rebours n'est annoncé qu'aux étapes (début du tour, "
    "5 minutes, 1 minute, temps écoulé, pause), et l'enregistrement automatique laisse le "
    "curseur de saisie où il était.",
    "Les pages sont en français pour les lecteurs d'écran (langue de la page, lien "
    "d'évitement, noms des boutons).",
    "Les textes gris sont contrastés à 7,6:1 ; la dernière minute du tour est dite en mots "
    "sur le projecteur, pas seulement en rouge.",
    "Les pages du téléphone se lisent sans défilement horizontal avec un zoom de 200 % et "
    "avec le texte du téléphone agrandi à 200 %.",
    "Les organisateurs peuvent donner à une personne, ou à tout le monde, une page « facile "
    "à lire » : phrases courtes, une chose par écran, images, grands boutons.",
)

NOT_YET = (
    ("Page « facile à lire »", "elle montre la table, le groupe, les questions et les "
     "engagements, une chose par écran ; l'annuaire, les personnes rencontrées et la mise à "
     "jour d'un engagement restent sur la page habituelle."),
    ("Documents imprimés et PDF", "les badges, affiches et rapports en PDF ne sont pas "
     "balisés pour les lecteurs d'écran (la bibliothèque qui les produit ne le permet pas) ; "
     "le rapport existe aussi en page web."),
    ("Graphiques", "les graphiques des questions et des rencontres n'ont pas d'équivalent "
     "textuel sur le projecteur ; les chiffres sont dans le rapport et sur les pages des "
     "organisateurs."),
    ("Composants de Streamlit", "le curseur annonce son nom deux fois, et quelques textes "
     "internes des composants (calendrier, messages de chargement) peuvent rester en "
     "anglais."),
    ("Langues", "l'application n'est pour l'instant qu'en français ; le néerlandais et "
     "l'anglais viendront."),
)


def statement(event_name: str | None, contact: str) -> str:
    """The statement in French (Markdown; the organisers' typed texts come escaped)."""
    who = (f"Les structures partenaires du Partner Day « {plain(event_name)} »"
           if event_name else "Les structures partenaires du Partner Day")
    contact = plain(contact) if contact.strip() else (
        "l'équipe organisatrice (à l'accueil le jour même)")
    measured = "\n".join(f"- {line}" for line in MEASURED)
    missing = "\n".join(f"- **{what}** : {why}" for what, why in NOT_YET)
    return f"""
{who} veulent que chacun·e puisse utiliser cette application, y compris avec un lecteur
d'écran, au clavier, avec une loupe ou en lisant peu. Cette déclaration suit la directive
européenne (UE) 2016/2102 et la norme EN 301 549, qui reprend les règles WCAG 2.1 niveau AA.

### État de conformité

L'application est **{STATUS}** : une partie des règles est respectée et vérifiée, le reste
est dit ci-dessous.

### Ce qui est vérifié

{measured}

### Ce qui n'est pas encore accessible

{missing}

### Besoin d'aide ou d'une autre forme ?

Si une page ne vous est pas accessible, adressez-vous à {contact}. L'équipe vous donne
l'information autrement (sur papier, de vive voix, avec l'aide d'une personne de l'accueil)
et corrige ce qui peut l'être.

### Recours

Si la réponse ne vous satisfait pas, vous pouvez vous adresser au service de médiation
compétent pour l'organisme qui organise la journée : par exemple le Médiateur bruxellois
(ombudsman.brussels) pour un organisme régional bruxellois, ou le Médiateur fédéral pour un
organisme fédéral.

*Déclaration établie le {STATEMENT_DATE}, d'après les tests automatiques de l'application.*
"""
