"""Streamlit glue shared by the pages: the engine, settings, who is visiting, the organiser
gate. The only module of the package that imports Streamlit."""

from __future__ import annotations

import functools
import html
import json
import runpy
from collections.abc import Callable

import streamlit as st
from babel.dates import get_month_names
from sqlalchemy.engine import Engine
from sqlalchemy.exc import InterfaceError, OperationalError, TimeoutError as PoolTimeout

from partnerday import accounts, content, i18n, startup
from partnerday.i18n import N_
from partnerday.markdown import WORD_JOINER, plain, plain_label  # noqa: F401 (pages use them)
from partnerday.models import LANGUAGES, Event
from partnerday.refusals import Refusal
from partnerday.services import links, people, preparation
from partnerday.settings import PROJECT_ROOT, Settings, load_settings
from partnerday.tokens import is_well_formed, new_token

ORGANISER_KEY = "organiser"
APP_SCRIPT = PROJECT_ROOT / "app.py"


@st.cache_resource(show_spinner=False)
def settings() -> Settings:
    return load_settings()


@st.cache_resource(show_spinner="Ouverture de la base de données…")
def engine() -> Engine:
    """The process's engine (the one `db.get_engine` keeps), after start-up; sessions are
    opened per action (a Session is not thread-safe)."""
    started = startup.start(settings(), server=True)
    guard_uploads()
    push_the_room(started)
    return started


def push_the_room(started: Engine) -> None:
    """On a real server (not in AppTest), open phone pages are drawn again when the room
    moves (partnerday/push.py). One push a process: an engine made anew (the cache cleared,
    as tests do) replaces the one before."""
    from streamlit.runtime import Runtime

    from partnerday.push import RoomPush, link_has

    global _ROOM_PUSH
    if not Runtime.exists() or type(Runtime.instance()) is not Runtime:  # AppTest's stand-in
        return
    if _ROOM_PUSH is not None:
        _ROOM_PUSH.stop()

    _ROOM_PUSH = RoomPush(lambda: people.room_signature(started), link_has("p"),
                          on_change=shared_room.clear).start()


_ROOM_PUSH = None


@st.cache_resource(ttl=1, show_spinner=False)
def shared_room():
    """The current event's open questions and directory, the same for every phone (nothing
    personal, never changed by a page): when the whole room opens its page at once, one read
    a second instead of one per phone, and no copy per phone. The push empties it when the
    room moves, so that the pages it draws again read the room anew.

    Called before the page takes a connection: a phone holding one while waiting for this
    read (which needs one too) could, with the whole pool held that way, wait forever."""
    return people.shared_room(engine())


def room_is_pushed() -> bool:
    """Whether this server draws open phone pages again by itself when the room moves."""
    return _ROOM_PUSH is not None and _ROOM_PUSH.running


def the_current_event() -> Event | None:
    return links.the_current_event(engine())


def hand_over_to_app() -> None:
    """Run app.py instead of this page file.

    When a server's first request is a deep link, Streamlit (seeing a `pages/` folder) may run
    the page file on its own, without app.py's navigation and its organiser gate. Each page file
    calls this when run as a script, so that every route goes through app.py.
    """
    runpy.run_path(str(APP_SCRIPT), run_name="__main__")


def query_token(name: str) -> str | None:
    value = st.query_params.get(name)
    return value if value else None


SIGN_IN_COOKIE = "pd_o"
SIGN_IN_SECONDS = 12 * 3600  # the cookie's life; the sign-in itself ends after 4 h unused
SET_COOKIE = ("<script>document.cookie='" + SIGN_IN_COOKIE + "={token};path=/;max-age={seconds};"
              "SameSite=Strict'+(location.protocol==='https:'?';Secure':'')</script>")


def _sign_in_token() -> str | None:
    """This browser's sign-in token: kept by this tab's session, else sent as the cookie
    (a reload, a new tab, another server behind nginx)."""
    token = st.session_state.get(ORGANISER_KEY)
    if token is None:
        cookie = st.context.cookies.get(SIGN_IN_COOKIE)
        token = cookie if is_well_formed(cookie) else None
    return token


def account() -> accounts.AccountView | None:
    """Who is signed in on this browser, checked against the database on each run (a
    logout elsewhere, a password change or a disabled account takes effect at once)."""
    token = _sign_in_token()
    found = accounts.signed_in(engine(), token)
    if found is None:
        st.session_state.pop(ORGANISER_KEY, None)
    else:
        st.session_state[ORGANISER_KEY] = token
    allow_uploads(found is not None)
    return found


def organiser_language() -> str:
    """The organisers' pages in the signed-in account's language; before a sign-in, in the
    visitor's (`visitor_language`: a Dutch browser's login page is in Dutch)."""
    who = account()
    return who.language if who is not None else visitor_language()


INTERFACE_LANGUAGE = "interface_language"


def interface_language_choice(who: accounts.AccountView) -> None:
    """The account's language in one tap (the menu's foot): every page of theirs follows."""
    language_choice(INTERFACE_LANGUAGE, _save_interface_language, (who.id,))


def _save_interface_language(account_id: int) -> None:
    if chosen := st.session_state.get(INTERFACE_LANGUAGE):
        accounts.set_language(engine(), account_id, chosen)


def is_organiser() -> bool:
    found = account()
    return found is not None and found.is_organiser


def sign_out() -> None:
    accounts.sign_out(engine(), st.session_state.pop(ORGANISER_KEY, None)
                      or _sign_in_token())
    st.session_state[COOKIE_TO_SET] = ""  # forgotten by the browser on the next run


COOKIE_TO_SET = "sign_in_cookie"


def write_sign_in_cookie() -> None:
    """After a sign-in (or out), once: the browser keeps (or forgets) its token. An element
    is drawn on every run, empty when there is nothing to write, so that the page's elements
    keep their places (a tab widget moved by one place would be drawn anew, on its first tab)."""
    token = st.session_state.pop(COOKIE_TO_SET, None)
    if token is None:
        st.html("<span hidden></span>")
        return
    st.html(SET_COOKIE.format(token=token if token else "",
                              seconds=SIGN_IN_SECONDS if token else 0),
            unsafe_allow_javascript=True)


def _client_id() -> str:
    try:
        address = st.context.ip_address
    except Exception:  # no request behind this run
        address = None
    return address if isinstance(address, str) and address else "local"


def login_form() -> None:
    st.subheader(i18n._("Espace organisateurs"))
    language_choice(VISITOR_LANGUAGE)
    with st.form("login"):
        login = st.text_input(i18n._("Identifiant"),
                              placeholder=i18n._("votre e-mail, ou « organisateur »"),
                              autocomplete="username")
        attempt = st.text_input(i18n._("Mot de passe"), type="password",
                                autocomplete="current-password")
        submitted = st.form_submit_button(i18n._("Se connecter"), type="primary")
    if not submitted:
        return
    with st.spinner(i18n._("Vérification…")):
        outcome = accounts.sign_in(engine(), login, attempt, _client_id())
    if outcome.account is None:
        st.error(outcome.message)
        return
    st.session_state[ORGANISER_KEY] = outcome.token
    st.session_state[COOKIE_TO_SET] = outcome.token
    st.rerun()


DESK_PAGES = frozenset({"arrivals"})
"""What the arrivals desk's accounts may open."""


def organiser_only(render: Callable[[], None]) -> Callable[[], None]:
    """Wrap an organiser page: without a sign-in, the login form shows instead; a desk
    account sees only the desk's pages."""
    name = render.__module__.rsplit(".", 1)[-1]

    def guarded() -> None:
        who = account()
        if who is None:
            login_form()
        elif who.is_organiser or name in DESK_PAGES:
            render()
        else:
            st.warning(i18n._("Cette page est réservée aux organisateur·rice·s : votre compte "
                              "est celui de l'accueil."), icon=":material/lock:")

    guarded.__name__ = name
    return guarded


def logged(action: str, detail: str = "", event_id: int | None = None) -> Callable[[], None]:
    """A download button's `on_click`: the audit log notes who took the file."""
    def note() -> None:
        preparation.note_download(engine(), account(), action, detail, event_id)
    return note


# --- uploads: organiser sessions only --------------------------------------------------------

_UPLOADERS: set[str] = set()
"""Sessions signed in to an account: the only ones Streamlit's upload route accepts."""


def allow_uploads(allowed: bool) -> None:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is not None:
        (_UPLOADERS.add if allowed else _UPLOADERS.discard)(ctx.session_id)


def guard_uploads() -> None:
    """Streamlit's upload route (`/_stcore/upload_file/SESSION/FILE`) checks only that the
    session is alive: any visitor, even on the « invalid link » page, could push files into
    the server's memory. It asks `Runtime.is_active_session` first, before reading the body,
    and nothing else asks it: answered here, a session no account signed in to is refused
    with 400 before a byte is read."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return
    runtime = Runtime.instance()
    alive = runtime.is_active_session
    if getattr(alive, "partnerday_guard", False):
        return

    def signed_in_and_alive(session_id: str) -> bool:
        return session_id in _UPLOADERS and alive(session_id)

    signed_in_and_alive.partnerday_guard = True
    runtime.is_active_session = signed_in_and_alive


def language_choice(key: str, on_change: Callable[..., None] | None = None,
                    args: tuple = ()) -> None:
    """« Français · Nederlands · English » in one tap, on the page's language."""
    st.segmented_control(i18n._("Langue"), list(i18n.NAMES), format_func=i18n.language_name,
                         default=i18n.current(), key=key, on_change=on_change, args=args,
                         label_visibility="collapsed")


VISITOR_LANGUAGE = "visitor_language"  # the choice of a person the app does not know yet


def visitor_language() -> str:
    """For a person the app does not know yet: what they chose on the page, else the language
    the link asks for (`i18n.with_language`: the notice opened from a Dutch phone page), else
    Dutch when their phone asks for Dutch, else French. Not English from the phone alone: many
    here who read French keep their phone in English; English is one tap away on the page."""
    if chosen := st.session_state.get(VISITOR_LANGUAGE):
        return i18n.known(chosen)
    if (linked := st.query_params.get("l")) in LANGUAGES:
        return linked
    asked = (st.context.locale or "").split("-")[0].lower()
    return "nl" if asked == "nl" else i18n.SOURCE


INVALID_LINKS = {
    "personal": i18n.N_("Ce lien personnel n'est pas (ou plus) valide."),
    "walk-in": i18n.N_("Ce lien d'inscription n'est pas (ou plus) valide."),
    "join": i18n.N_("Ce lien de vote n'est pas (ou plus) valide."),
    "group": i18n.N_("Ce lien de groupe n'est pas (ou plus) valide."),
    "privacy": i18n.N_("Ce lien d'information n'est pas (ou plus) valide."),
    "stop": i18n.N_("Ce lien de désinscription n'est pas (ou plus) valide."),
    "screen": i18n.N_("Ce lien d'écran n'est pas (ou plus) valide."),
}


def invalid_link_page(kind: str = "personal") -> None:
    """Said to a person the app does not know (the link was not recognised), in the language
    their phone asks for (`visitor_language`)."""
    speak(visitor_language())
    st.html(page_language() + LINK_PAGE, unsafe_allow_javascript=True)  # a phone's link too
    st.title(i18n._("Lien non reconnu"))
    st.info(i18n._(INVALID_LINKS[kind]) + " " + i18n._(
        "Vérifiez que vous avez scanné le bon QR code, ou adressez-vous à l'accueil : nous "
        "vous aiderons tout de suite."))


def require_current_event() -> Event:
    event = the_current_event()
    if event is None:
        st.warning(i18n._("Aucun événement pour l'instant : créez-en un dans « Événements »."))
        st.stop()
    return event


def refusal_text(refusal: Exception) -> str:
    """A refusal's message in the page's language, made safe for Markdown: it often quotes
    what was typed."""
    return plain(refusal.translated() if isinstance(refusal, Refusal) else str(refusal))


FLASH_KEY = "flash"


def flash(text: str) -> None:
    """A success to say once the page is drawn again (after `st.rerun()`)."""
    st.session_state[FLASH_KEY] = text


def show_flash() -> None:
    """The success kept by `flash`, once, as text (it often quotes a typed name)."""
    if text := st.session_state.pop(FLASH_KEY, None):
        st.success(plain(text))


def translation_inputs(prefix: str, translations: dict | None,
                       fields: dict[str, tuple[str, str]]) -> dict[str, dict]:
    """One tab per other language, under what the organisers wrote, each with the same fields
    (`fields`: name -> (label, "line" | "text" | "lines")), filled with what was given: what
    they typed now, for `content.checked`. Left empty, readers of that language see the
    source."""
    given: dict[str, dict] = {}
    optional = i18n._("{language} (facultatif)")
    tabs = st.tabs([optional.format(language=i18n.language_name(language))
                    for language in content.OTHER_LANGUAGES])
    for language, tab in zip(content.OTHER_LANGUAGES, tabs):
        before = (translations or {}).get(language) or {}
        typed: dict[str, object] = {}
        for field, (label, widget) in fields.items():
            key = f"{prefix}_{language}_{field}"
            if widget == "lines":
                typed[field] = tab.text_area(label, "\n".join(before.get(field) or []),
                                             key=key).splitlines()
            elif widget == "text":
                typed[field] = tab.text_area(label, before.get(field, ""), key=key)
            else:
                typed[field] = tab.text_input(label, before.get(field, ""), key=key)
        given[language] = typed
    return given


def translation_columns(kind: str, labels: dict[str, str]) -> dict:
    """A data editor's columns for the translations (`content.columns`): « Titre · Nederlands »,
    optional; left empty, readers of that language see what was written."""
    return {f"{field}_{language}": st.column_config.TextColumn(
                f"{labels[field]} · {i18n.language_name(language)}",
                max_chars=content.LIMITS[field],
                help=i18n._("Facultatif : ce que lisent les participant·e·s en {language} "
                            "(sinon, le texte tel qu'écrit)").format(
                    language=i18n.language_name(language)))
            for language in content.OTHER_LANGUAGES for field in content.FIELDS[kind]}


def show_refusal(refusal: Exception) -> None:
    """Every refusal is shown the same way, as text."""
    st.error(refusal_text(refusal), icon=":material/block:")


DATABASE_DOWN = N_("La base de données ne répond pas pour l'instant (occupée ou injoignable). "
                   "Rien de ce qui a été enregistré n'est perdu : réessayez dans un instant.")
DATABASE_FAILURES = (OperationalError, InterfaceError, PoolTimeout)


def when_database_fails(render: Callable, retry_button: bool = True) -> Callable:
    """Run a page (or a live fragment) and, should the database be locked or unreachable,
    say so in the page's language, with « Réessayer » (a live fragment retries by itself),
    instead of Streamlit's English error."""
    @functools.wraps(render)
    def guarded(*args, **kwargs):
        try:
            return render(*args, **kwargs)
        except DATABASE_FAILURES:
            st.error(i18n._(DATABASE_DOWN), icon=":material/cloud_off:")
            if retry_button and st.button(i18n._("Réessayer"), type="primary",
                                          key="database_retry"):
                st.rerun()
    return guarded


PAGE_LANGUAGE = "page_language"
NO_VALUE = ""
"""What a table shows in an empty cell: nothing, as a spreadsheet does, rather than
Streamlit's English « None » (every `st.dataframe` and `st.data_editor` passes it as
`placeholder`)."""


def speak(language: str | None) -> str:
    """The language of the page being drawn (`i18n.activate`), kept for its live fragments:
    their own runs do not pass through the app's start, where it was chosen."""
    st.session_state[PAGE_LANGUAGE] = i18n.activate(language)
    return st.session_state[PAGE_LANGUAGE]


def live(render: Callable) -> Callable:
    """For a fragment that refreshes itself: drawn in the page's language (`speak`), and a
    database failure is said, then retried."""
    guarded = when_database_fails(render, retry_button=False)

    @functools.wraps(render)
    def in_the_page_language(*args, **kwargs):
        i18n.activate(st.session_state.get(PAGE_LANGUAGE))
        return guarded(*args, **kwargs)
    return in_the_page_language


def text_block(text: str, empty: str = "—") -> None:
    """Text people typed, shown as typed, line breaks included."""
    st.markdown(plain(text).replace("\n", "  \n") if text.strip() else f"*{empty}*")


def record_from_link(param: str, link: str):
    """The row behind the link's `param` (e.g. `?g=TOKEN`, a "group" link,
    `services.links.COLUMNS`) when its token is known and of the current event; otherwise the
    friendly page shows and None."""
    row = links.row_of_link(engine(), link, query_token(param))
    if row is None:
        invalid_link_page(link)
    return row


UPLOADER_TEXTS = [  # Streamlit's file uploader's own English, and its refusals
    ("^Upload$", N_("Choisir un fichier")),
    ("^Drag and drop (a file|files) here$", N_("Déposez le fichier ici")),
    # TRANSLATORS: $1 is the size, $2 what Streamlit adds after it (the accepted types)
    (r"^(\d+(?:[.,]\d+)?)\s*MB per file(.*)$", N_("$1 Mo par fichier$2")),
    # TRANSLATORS: $1 is the refused file type
    (r"^(.*) files are not allowed\.$", N_("Les fichiers $1 ne sont pas acceptés.")),
    # TRANSLATORS: $1 is the largest size
    (r"^File must be (\d+(?:[.,]\d+)?)\s*MB or smaller\.$",
     N_("Le fichier doit faire $1 Mo au plus.")),
    # TRANSLATORS: the size of the file chosen, $1 its units, $2 its tenth (« 213.0B »)
    (r"^(\d+)\.(\d)B$", N_("$1,$2 o")),
    # TRANSLATORS: the size of the file chosen, in kilobytes
    (r"^(\d+)\.(\d)KB$", N_("$1,$2 Ko")),
    # TRANSLATORS: the size of the file chosen, in megabytes
    (r"^(\d+)\.(\d)MB$", N_("$1,$2 Mo"))]
UPLOADER_LANGUAGE = """<script>
(() => {
  window.pdUploaderRules = %(rules)s;
  const translate = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.nodeValue.trim();
      for (const [pattern, said] of window.pdUploaderRules) {
        const rule = new RegExp(pattern);
        if (rule.test(text)) { node.nodeValue = text.replace(rule, said); break; }
      }
    }
  };
  const all = () => document.querySelectorAll('[data-testid="stFileUploader"]').forEach(translate);
  if (!window.pdUploaderObserver) {
    window.pdUploaderObserver = new MutationObserver(all);
    window.pdUploaderObserver.observe(document.body, {childList: true, subtree: true,
                                                      characterData: true});
  }
  all();
})();
</script>"""
"""Streamlit's file uploader has English texts of its own ("Upload", "10MB per file", "Drag
and drop a file here", its refusals): this puts them in the page's language where they are
drawn, and again whenever Streamlit draws them anew. In English they stay as they are."""


def file_uploader(label: str, type: list[str], key: str | None = None,
                  max_mb: int = 10) -> object:
    """Streamlit's file uploader with its texts in the page's language and a size limit of its
    own."""
    upload = st.file_uploader(label, type=type, key=key, max_upload_size=max_mb)
    if i18n.current() != "en":
        rules = [[pattern, i18n._(said)] for pattern, said in UPLOADER_TEXTS]
        st.html(UPLOADER_LANGUAGE % {"rules": json.dumps(rules)}, unsafe_allow_javascript=True)
    return upload


READABLE = ("<style>[data-testid='stCaptionContainer'],[data-testid='stCaptionContainer'] p"
            "{color:#55514d !important;opacity:1 !important}</style>")
"""Streamlit draws captions at 60 % opacity (2.9:1 on white, axe-core's
« color-contrast »: WCAG asks 4.5:1); this grey reads at 7.6:1."""


TABLE_TEXTS = [  # a table's toolbar and column menu (their buttons' names and tooltips)
    ("^Show/hide columns$", N_("Afficher ou masquer des colonnes")),
    ("^Download as CSV$", N_("Télécharger en CSV")), ("^Search$", N_("Rechercher")),
    ("^Fullscreen$", N_("Plein écran")),
    ("^(Close|Exit) fullscreen$", N_("Quitter le plein écran")),
    ("^Add row$", N_("Ajouter une ligne")), (r"^Delete row\(s\)$", N_("Supprimer les lignes")),
    ("^Sort ascending$", N_("Trier par ordre croissant")),
    ("^Sort descending$", N_("Trier par ordre décroissant")),
    ("^Pin column$", N_("Épingler la colonne")), ("^Unpin column$", N_("Détacher la colonne")),
    ("^Hide column$", N_("Masquer la colonne")), ("^Autosize$", N_("Largeur automatique"))]
STREAMLIT_TEXTS = [  # the texts Streamlit writes itself, in its English
    ("^Skip to main content$", N_("Aller au contenu principal")),
    ("^Press Enter to submit form$", N_("Entrée pour envoyer")),
    ("^Press Enter to apply$", N_("Entrée pour valider")),
    ("^Choose an option$", N_("Choisissez une option")),
    ("^Choose options$", N_("Choisissez")),
    ("^No results$", N_("Aucun résultat")),
    (r"^1 option available\.?$", N_("1 option disponible.")),
    # TRANSLATORS: $1 is the number of options
    (r"^(\d+) options available\.?$", N_("$1 options disponibles.")),
    ("^Choose date, (.+)$", N_("Choisir une date, $1")),
    ("^Page not found$", N_("Page introuvable")),  # a mistyped address
    (r"^The page that you have requested does not seem to exist\. Running the app's main "
     r"page\.$", N_("Cette page n'existe pas : voici la page d'accueil.")),
    # TRANSLATORS: $1 is the address typed, without its first slash
    (r"^You have requested page /(.+), but no corresponding file was found in the app's "
     r"pages/ directory\. Running the app's main page\.$",
     N_("La page /$1 n'existe pas : voici la page d'accueil.")),
    (r"^Use arrow keys to navigate dates\. Enter to select\. Escape to close\.$",
     N_("Flèches pour changer de date, Entrée pour la choisir, Échap pour fermer.")),
    *TABLE_TEXTS]
CHART_NAMES = [  # a chart's toolbar (Plotly's, in English: Streamlit loads no other locale)
    ("^Download plot as a PNG$", N_("Télécharger le graphique (PNG)")),
    ("^Download plot$", N_("Télécharger le graphique")),
    ("^Zoom$", N_("Zoomer")), ("^Pan$", N_("Faire glisser")),
    ("^Box Select$", N_("Sélection rectangulaire")), ("^Lasso Select$", N_("Sélection au lasso")),
    ("^Zoom in$", N_("Agrandir")), ("^Zoom out$", N_("Réduire")),
    ("^Autoscale$", N_("Échelle automatique")), ("^Reset axes$", N_("Rétablir les axes")),
    ("^Reset view$", N_("Rétablir la vue")), ("^Toggle Spike Lines$", N_("Lignes de repère")),
    ("^Show closest data on hover$", N_("Au survol : la donnée la plus proche")),
    ("^Compare data on hover$", N_("Au survol : comparer les données")),
    # TRANSLATORS: $1 is Plotly's version, as it writes it
    (r"^Produced with Plotly\.js(.*)$", N_("Fait avec Plotly.js$1"))]
CONTROL_NAMES = [  # the names screen readers hear for Streamlit's own buttons and fields
    ("^Choose date$", N_("Choisir une date")),
    # TRANSLATORS: $1 is the month the calendar shows (« décembre 2026 »)
    ("^Choose date, (.+)$", N_("Choisir une date, $1")),
    ("^Previous month$", N_("Mois précédent")), ("^Next month$", N_("Mois suivant")),
    ("^Clear date$", N_("Effacer la date")), ("^Clear value$", N_("Effacer")),
    # TRANSLATORS: a date field's part; $1 is the field's label
    ("^day, (.+)$", N_("jour, $1")), ("^month, (.+)$", N_("mois, $1")),
    ("^year, (.+)$", N_("année, $1")),
    ("^Increment$", N_("Augmenter")), ("^Decrement$", N_("Diminuer")),
    ("^Sidebar$", N_("Menu latéral")), ("^Collapse sidebar$", N_("Replier le menu")),
    ("^Expand sidebar$", N_("Déplier le menu")), ("^file upload$", N_("Fichier à envoyer")),
    (r"^Running\.\.\.$", N_("En cours…")),
    ("^Scroll tabs left$", N_("Onglets précédents")),
    ("^Scroll tabs right$", N_("Onglets suivants"))]
STREAMLIT_NAMES = [  # ... and in its elements' names (aria-label, title, placeholder)
    ("^Link to heading$", N_("Lien vers ce titre")), ("^Clear all$", N_("Tout effacer")),
    ("^Open$", N_("Ouvrir")), ("^Close$", N_("Fermer")), ("^Choose options$", N_("Choisissez")),
    ("^Choose an option$", N_("Choisissez une option")),
    ("^Selected values$", N_("Choix faits")),
    ("^Show password$", N_("Afficher le mot de passe")),
    ("^Hide password$", N_("Masquer le mot de passe")),
    # TRANSLATORS: $1 is the option taken out of the selection
    ("^Remove (.+)$", N_("Retirer $1")), *CONTROL_NAMES, *TABLE_TEXTS, *CHART_NAMES]
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")
# TRANSLATORS: what a screen reader says of a date field's part left empty
STREAMLIT_VALUES = [("^Empty$", N_("vide"))]
"""... and in what a screen reader says of a date field's part (`aria-valuetext`): Streamlit
wraps its date fields in an American English locale (`I18nProvider locale="en-US"`), so the
month says « 12 – December » whatever the page; `_month_values` adds each month's name."""


def _month_values(language: str) -> list[list[str]]:
    """The month a date field says, in `language`'s words (Babel's names for its locale:
    « 12 – décembre »)."""
    names = get_month_names("wide", locale=i18n.LOCALES[language])
    return [[f"^(\\d+) – {english}$", f"$1 – {names[number]}"]
            for number, english in enumerate(ENGLISH_MONTHS, start=1)]
PAGE_LANGUAGE = """<script>
(() => {
  window.pdPage = {lang: %(lang)s, locale: %(locale)s, texts: %(texts)s, names: %(names)s,
                  values: %(values)s};
  document.documentElement.lang = window.pdPage.lang;
  if (!window.pdLocale) {  // what Streamlit's calendar and tables ask the browser for
    window.pdLocale = true;
    try {
      Object.defineProperty(navigator, "language", {get: () => window.pdPage.locale});
      Object.defineProperty(navigator, "languages", {get: () => [window.pdPage.locale]});
    } catch (error) {}
  }
  const translated = (value, rules) => {
    for (const [pattern, replacement] of rules) {
      const rule = new RegExp(pattern);
      if (rule.test(value)) return value.replace(rule, replacement);
    }
    return null;
  };
  const fixText = (node) => {
    const text = node.nodeValue.trim();
    const said = text && translated(text, window.pdPage.texts);
    if (said) node.nodeValue = said;
  };
  const fixNames = (element) => {
    for (const name of ["aria-label", "title", "placeholder", "data-title"]) {
      const value = element.getAttribute(name);
      const said = value && translated(value, window.pdPage.names);
      if (said) element.setAttribute(name, said);
    }
    const value = element.getAttribute("aria-valuetext");
    const spoken = value && translated(value, window.pdPage.values);
    if (spoken) element.setAttribute("aria-valuetext", spoken);
  };
  const walk = (root) => {
    if (root.nodeType === Node.TEXT_NODE) return fixText(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    fixNames(root);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      node.nodeType === Node.TEXT_NODE ? fixText(node) : fixNames(node);
    }
  };
  if (!window.pdPageObserver) {
    window.pdPageObserver = new MutationObserver((changes) => {
      for (const change of changes) {
        if (change.type === "characterData") fixText(change.target);
        else if (change.type === "attributes") fixNames(change.target);
        else change.addedNodes.forEach(walk);
      }
    });
    window.pdPageObserver.observe(document.documentElement, {
      childList: true, subtree: true, characterData: true, attributes: true,
      attributeFilter: ["aria-label", "title", "placeholder", "data-title", "aria-valuetext"]});
  }
  walk(document.body);
})();
</script>"""
"""Streamlit's page says it is in English (`<html lang="en">`: a screen reader would read
French or Dutch with an English voice, WCAG 3.1.1) and brings English texts of its own (the
skip link, the headings' link, the forms' « Press Enter », the selects' placeholders, the
names of its buttons): this puts the page's language and those texts in it, and again
whenever Streamlit draws them anew. In English, Streamlit's own texts stay as they are.
Streamlit's calendar writes its months and weekdays, and starts its weeks, as the browser's
language says (`navigator.language`; st.date_input takes no locale, streamlit#12699): the
page tells it its own language's Brussels locale (« nl-BE »: Monday first in all three)."""


@functools.cache
def _page_language(language: str) -> str:
    def said(pairs) -> list[list[str]]:
        return [[p, i18n.in_language(language, t)] for p, t in pairs]

    def as_json(rules: list[list[str]]) -> str:  # in English, Streamlit's texts stay as written
        return json.dumps([] if language == "en" else rules,
                          ensure_ascii=False).replace("</", "<\\/")
    return PAGE_LANGUAGE % {"lang": json.dumps(language),
                            "locale": json.dumps(i18n.LOCALES[language].replace("_", "-")),
                            "texts": as_json(said(STREAMLIT_TEXTS)),
                            "names": as_json(said(STREAMLIT_NAMES)),
                            "values": as_json(_month_values(language) + said(STREAMLIT_VALUES))}


def page_language() -> str:
    """The script that puts the page in the language it is drawn in (`i18n.activate`)."""
    return _page_language(i18n.current())


ANNOUNCER = """<span data-pd-announce="{text}" hidden></span><script>
(() => {{
  const say = () => {{
    let region = document.getElementById("pd-announcer");
    if (!region) {{  // outside Streamlit's tree: it stays, so screen readers follow it
      region = document.createElement("div");
      region.id = "pd-announcer";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      region.style.cssText = "position:absolute;width:1px;height:1px;overflow:hidden;"
        + "clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap;";
      document.body.appendChild(region);
    }}
    const said = document.querySelector("[data-pd-announce]");
    if (said && region.textContent !== said.dataset.pdAnnounce) {{
      region.textContent = said.dataset.pdAnnounce;
    }}
  }};
  say();
  if (!window.pdAnnouncer) {{
    window.pdAnnouncer = new MutationObserver(say);
    window.pdAnnouncer.observe(document.body, {{childList: true, subtree: true}});
  }}
}})();
</script>"""


def announce(text: str) -> None:
    """Say `text` to screen readers once, when it changes (a live region of its own), and not
    again at each refresh of the page that draws it."""
    st.html(ANNOUNCER.format(text=html.escape(text)), unsafe_allow_javascript=True)


LINK_PAGE = ("<style>[data-testid='stMainBlockContainer']{padding-top:2.5rem}"
             "[data-stale='true']{opacity:1 !important;transition:none !important}</style>")
"""A page opened from a link has no menu to leave room for: it starts near the top instead of
under 6rem blank (on a phone at 200 % zoom, 180 pixels a line, that blank was a quarter of
the screen). And it does not fade while it refreshes itself: Streamlit dims what a run has not
redrawn yet to a third after half a second, so on a busy server a tablet's sheet, a phone or
the projector went grey every few seconds (text at 2:1, under WCAG's 4.5:1) with nobody
having asked for anything."""


SERVER_RUN = new_token()
"""This server process: a page that finds another one has reconnected to a restarted server."""

RECOVER = """<script>
(() => {
  const unsaved = () => Object.values(window.pdAutosaveBoxes || {}).some(
    (root) => root.isConnected && root.style.display !== "none"
              && (root.pd.timer !== null || root.pd.acked < root.pd.seq));
  const reload = (waited = 0) => {  // once the boxes have sent what was typed (10 s at most)
    if (unsaved() && waited < 10000) return setTimeout(() => reload(waited + 250), 250);
    location.reload();
  };
  if (window.pdServerRun && window.pdServerRun !== "%(run)s" && !window.pdReloading) {
    window.pdReloading = true;
    reload();
  }
  window.pdServerRun = "%(run)s";
  if (window.pdRecover) return;
  window.pdRecover = true;
  window.addEventListener("error", (event) => {
    if (!/delta path/i.test(String(event.message))) return;
    const last = Number(sessionStorage.getItem("pdRecovered") || 0);
    if (Date.now() - last < 60000) return;
    sessionStorage.setItem("pdRecovered", String(Date.now()));
    location.reload();
  });
})();
</script>""" % {"run": SERVER_RUN}
"""A page opened from a link (a phone, a tablet) that reconnects to a restarted server is loaded
anew, once its boxes have sent what was typed: Streamlit, reconciling the page it had with the
new server's, could leave a sheet twice on screen or stop on « Bad delta path » (a fragment's
refresh for a place the browser does not have), a white screen (bench/rehearsal.py, a tablet
killed with its server in a round). Should it still stop so, the page reloads, at most once a
minute: everything saved is there again."""


def page_basics(link_page: bool = False) -> None:
    """Readable captions and a page in French, on every page (a phone's header brings both
    in its own element); a page opened from a link recovers by itself (`RECOVER`)."""
    st.html(READABLE + page_language() + (LINK_PAGE + RECOVER if link_page else ""),
            unsafe_allow_javascript=True)


def projector_page_style() -> None:
    """A projector has no menu to leave room for: the page starts at the top of the screen."""
    st.html('<style>[data-testid="stMainBlockContainer"]{padding-top:1.2rem;'
            'padding-bottom:0.5rem}</style>')


def card_grid(cards: list[str], columns: int) -> None:
    """Projector cards (HTML built by the page, user text already escaped), row by row."""
    grid = st.columns(columns)
    for index, card in enumerate(cards):
        grid[index % columns].html(card)


SCREEN_KEY = "screen_token"


def screen_token() -> str | None:
    """The projector's screen link token. Switching between projector pages drops the query
    string, so the session keeps the token and puts it back in the address."""
    token = query_token("s")
    if token is not None:
        st.session_state[SCREEN_KEY] = token
        return token
    token = st.session_state.get(SCREEN_KEY)
    if token is not None:
        st.query_params["s"] = token
    return token


def screen_event() -> Event | None:
    """The event a projector screen shows: from the screen link (`?s=TOKEN`), or the current
    event for a logged-in organiser."""
    if screen_token() is None:
        return require_current_event()
    return record_from_link("s", "screen")
