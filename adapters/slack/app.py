"""Build the bolt `AsyncApp` for a configuration and a core: one token, or OAuth installs."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from aiohttp import ClientSession, web
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings

from adapters.slack.config import SlackConfig
from adapters.slack.handlers import SlackHandlers
from adapters.slack.installation_store import PlatformInstallationStore
from adapters.slack.notifier import TokenSource, web_client
from adapters.slack.oauth_state import PlatformOAuthStateStore
from adapters.slack.request_guard import RequestGuard
from adapters.slack.token_cipher import TokenCipher
from adapters.slack.uninstall import UninstallListeners
from bot.core.ports import Core


@dataclass(frozen=True, slots=True)
class BuiltApp:
    """The app, its listeners, and where the notifier finds each workspace's bot token."""

    app: AsyncApp
    handlers: SlackHandlers
    tokens: TokenSource


def authorization_url(api_url: str) -> str:
    """Slack's install page on the same host as the Web API (slack.com, slack-gov.com...)."""
    parts = urlsplit(api_url)
    return f"{parts.scheme}://{parts.netloc}/oauth/v2/authorize"


def http_app(built: BuiltApp, config: SlackConfig) -> web.Application:
    """bolt's aiohttp application for HTTP mode: requests are checked (signature, shape)
    before bolt parses them, and counted in flight for the ack gate."""
    application = built.app.web_app(path=config.path, port=config.port)
    guard = RequestGuard(config.signing_secret or "", config.path)
    application.middlewares.append(guard.middleware)
    application.middlewares.append(built.handlers.gate.middleware)
    return application


def build_app(config: SlackConfig, core: Core, session: ClientSession | None = None) -> BuiltApp:
    """The app over `core`; its Web API calls and replies go through `session` (the caller
    opens it on the running loop and closes it after the app), or each opens its own."""
    handlers = SlackHandlers(core.coach, core.state, ack_budget=config.ack_budget, session=session)
    if config.multi_workspace:
        store = PlatformInstallationStore(core.state, TokenCipher(config.secret_key))
        app = AsyncApp(
            signing_secret=config.signing_secret or "",
            client=web_client(config.api_url, session=session),
            process_before_response=True,
            oauth_settings=AsyncOAuthSettings(
                client_id=config.client_id,
                client_secret=config.client_secret,
                scopes=list(config.scopes),
                redirect_uri=config.redirect_uri,
                authorization_url=authorization_url(config.api_url),
                installation_store=store,
                installation_store_bot_only=True,
                state_store=PlatformOAuthStateStore(core.state),
            ),
        )
        handlers.register(app)  # first: bolt tries listeners in order, commands most often
        UninstallListeners(core.privacy, store, notice=handlers.on_uninstalled).register(app)

        async def installed_token(workspace: str) -> str | None:
            bot = await store.async_find_bot(enterprise_id=None, team_id=workspace)
            if bot is None:  # an org-wide install serves every team of the org
                bot = await store.async_find_bot(
                    enterprise_id=workspace, team_id=None, is_enterprise_install=True
                )
            return bot.bot_token if bot is not None else None

        tokens: TokenSource = installed_token
    else:
        app = AsyncApp(
            signing_secret=config.signing_secret or "",
            client=web_client(config.api_url, config.bot_token, session=session),
            process_before_response=True,
        )
        bot_token = config.bot_token
        handlers.register(app)  # first: bolt tries listeners in order, commands most often
        # The manifest subscribes these; Slack must get its ack (or it retries, and Socket
        # Mode waits on it). bolt runs one listener per event, so these do both: say so, and
        # delete the workspace's people's data.
        UninstallListeners(core.privacy, notice=handlers.on_uninstalled).register(app)

        async def fixed_token(_workspace: str) -> str | None:
            return bot_token

        tokens = fixed_token
    return BuiltApp(app=app, handlers=handlers, tokens=tokens)
