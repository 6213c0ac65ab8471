"""Discord's documented limits, and validators that enforce them.

Each validator records every violation in a :class:`FormErrors` tree under
the same path Discord reports (``embeds.0.title``, ``data.choices`` ...),
so a bot's error handling sees exactly what production would send.
"""

from __future__ import annotations

import re
from typing import Any

from tests.fake_discord.errors import DiscordError, FormErrors, Path
from tests.fake_discord.state import FLAG_IS_COMPONENTS_V2, JSON

# Messages.
CONTENT_MAX = 2000
NONCE_MAX = 25
ALLOWED_MENTION_IDS_MAX = 100
# Embeds.
EMBEDS_MAX = 10
EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
EMBED_FIELDS_MAX = 25
EMBED_FIELD_NAME_MAX = 256
EMBED_FIELD_VALUE_MAX = 1024
EMBED_FOOTER_TEXT_MAX = 2048
EMBED_AUTHOR_NAME_MAX = 256
EMBED_TOTAL_MAX = 6000
# Components.
ACTION_ROWS_MAX = 5
ROW_WIDTH_MAX = 5
CUSTOM_ID_MAX = 100
BUTTON_LABEL_MAX = 80
SELECT_OPTIONS_MAX = 25
SELECT_PLACEHOLDER_MAX = 150
SELECT_OPTION_TEXT_MAX = 100
SELECT_VALUES_MAX = 25
# Modals.
MODAL_TITLE_MAX = 45
MODAL_COMPONENTS_MAX = 5
TEXT_INPUT_LABEL_MAX = 45
TEXT_INPUT_PLACEHOLDER_MAX = 100
TEXT_INPUT_VALUE_MAX = 4000
LABEL_DESCRIPTION_MAX = 100
# Application commands and autocomplete.
AUTOCOMPLETE_CHOICES_MAX = 25
CHOICE_NAME_MAX = 100
CHOICE_STRING_VALUE_MAX = 100
COMMAND_DESCRIPTION_MAX = 100
COMMAND_OPTIONS_MAX = 25
CHAT_INPUT_COMMANDS_MAX = 100
CONTEXT_MENU_COMMANDS_MAX = 15
OPTION_STRING_LENGTH_MAX = 6000
# Interaction timing (seconds).
INTERACTION_ACK_WINDOW = 3.0
INTERACTION_TOKEN_TTL = 15 * 60.0
# Discord de-duplicates an enforce_nonce send "within the past few minutes".
NONCE_WINDOW = 5 * 60.0

BUTTON = 2
STRING_SELECT = 3
TEXT_INPUT = 4
AUTO_SELECTS = frozenset({5, 6, 7, 8})
SELECTS = AUTO_SELECTS | {STRING_SELECT}
ACTION_ROW = 1
LABEL = 18
LINK_STYLE = 5
PREMIUM_STYLE = 6
V2_TOP_LEVEL = (1, 9, 10, 12, 13, 14, 17)

OPTION_SUBCOMMAND = 1
OPTION_GROUP = 2
OPTION_STRING = 3
OPTION_INTEGER = 4
OPTION_BOOLEAN = 5
OPTION_NUMBER = 10
OPTION_TYPES = tuple(range(1, 12))

_NAME_RE = re.compile(r"[-_'\w]{1,32}")
_MAX_SAFE_INT = 2**53


def check_length(errors: FormErrors, path: Path, value: Any, high: int, *, low: int = 0) -> None:
    """Record a length error the way Discord words it (max-only or a range)."""
    if not isinstance(value, str):
        errors.add(path, "BASE_TYPE_STRING", "Could not interpret value as string.")
        return
    if low == 0 and len(value) > high:
        errors.max_length(path, high)
    elif low > 0 and not low <= len(value) <= high:
        errors.bad_length(path, low, high)


def check_int_range(errors: FormErrors, path: Path, value: Any, low: int, high: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        errors.add(path, "NUMBER_TYPE_COERCE", f'Value "{value}" is not int.')
    elif value < low:
        errors.add(path, "NUMBER_TYPE_MIN", f"int value should be greater than or equal to {low}.")
    elif value > high:
        errors.add(path, "NUMBER_TYPE_MAX", f"int value should be less than or equal to {high}.")


# --- messages ---


def validate_message(
    body: JSON, errors: FormErrors, prefix: Path = (), *, creating: bool, has_files: bool = False
) -> None:
    """Validate a message create/edit body (also interaction message data)."""
    p = tuple(prefix)
    content = body.get("content")
    if content is not None:
        check_length(errors, (*p, "content"), content, CONTENT_MAX)
    embeds = body.get("embeds")
    if embeds is not None:
        validate_embeds(embeds, errors, (*p, "embeds"))
    components = body.get("components")
    flags = int(body.get("flags") or 0)
    if components is not None:
        validate_components(
            components, errors, (*p, "components"), v2=bool(flags & FLAG_IS_COMPONENTS_V2)
        )
    mentions = body.get("allowed_mentions")
    if mentions is not None:
        validate_allowed_mentions(mentions, errors, (*p, "allowed_mentions"))
    nonce = body.get("nonce")
    if nonce is not None:
        if isinstance(nonce, str):
            check_length(errors, (*p, "nonce"), nonce, NONCE_MAX)
        elif not isinstance(nonce, int) or isinstance(nonce, bool):
            errors.add((*p, "nonce"), "BASE_TYPE_STRING", "Could not interpret value as string.")
    if creating and not errors and is_empty_message(body, has_files=has_files):
        raise DiscordError(400, 50006, "Cannot send an empty message")


def is_empty_message(body: JSON, *, has_files: bool) -> bool:
    """Return whether a create body has nothing to show."""
    return not (
        body.get("content")
        or body.get("embeds")
        or body.get("components")
        or body.get("sticker_ids")
        or body.get("poll")
        or has_files
    )


def embed_size(embed: JSON) -> int:
    """Return the characters Discord counts towards the 6,000 total."""
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    for item in embed.get("fields") or []:
        total += len(item.get("name") or "") + len(item.get("value") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    return total


def validate_embeds(embeds: Any, errors: FormErrors, path: Path) -> None:
    """Validate the embed list: per-field limits, then 10 embeds and 6,000 total."""
    if not isinstance(embeds, list):
        errors.add(path, "BASE_TYPE_ARRAY", "Must be an array.")
        return
    if len(embeds) > EMBEDS_MAX:
        errors.max_length(path, EMBEDS_MAX)
    for i, embed in enumerate(embeds):
        e = (*path, i)
        if embed.get("title") is not None:
            check_length(errors, (*e, "title"), embed["title"], EMBED_TITLE_MAX)
        if embed.get("description") is not None:
            check_length(errors, (*e, "description"), embed["description"], EMBED_DESCRIPTION_MAX)
        fields = embed.get("fields") or []
        if len(fields) > EMBED_FIELDS_MAX:
            errors.max_length((*e, "fields"), EMBED_FIELDS_MAX)
        for j, fld in enumerate(fields):
            f = (*e, "fields", j)
            for key, high in (("name", EMBED_FIELD_NAME_MAX), ("value", EMBED_FIELD_VALUE_MAX)):
                if fld.get(key) is None:
                    errors.required((*f, key))
                else:
                    check_length(errors, (*f, key), fld[key], high, low=1)
        footer = embed.get("footer")
        if footer is not None:
            if footer.get("text") is None:
                errors.required((*e, "footer", "text"))
            else:
                check_length(errors, (*e, "footer", "text"), footer["text"], EMBED_FOOTER_TEXT_MAX)
        author = embed.get("author")
        if author is not None:
            if author.get("name") is None:
                errors.required((*e, "author", "name"))
            else:
                check_length(errors, (*e, "author", "name"), author["name"], EMBED_AUTHOR_NAME_MAX)
    if sum(embed_size(e) for e in embeds if isinstance(e, dict)) > EMBED_TOTAL_MAX:
        errors.add(
            path, "MAX_EMBED_SIZE_EXCEEDED", f"Embed size exceeds maximum size of {EMBED_TOTAL_MAX}"
        )


def validate_allowed_mentions(mentions: Any, errors: FormErrors, path: Path) -> None:
    """Validate allowed_mentions, including parse/list mutual exclusion."""
    if not isinstance(mentions, dict):
        errors.add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
        return
    parse = mentions.get("parse", [])
    for i, kind in enumerate(parse):
        if kind not in ("everyone", "roles", "users"):
            errors.choices((*path, "parse", i), ["everyone", "roles", "users"])
    for key in ("users", "roles"):
        ids = mentions.get(key)
        if ids is None:
            continue
        if len(ids) > ALLOWED_MENTION_IDS_MAX:
            errors.max_length((*path, key), ALLOWED_MENTION_IDS_MAX)
        if key in parse:
            errors.add(
                path,
                "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                f'parse:["{key}"] and {key}: [ids...] are mutually exclusive.',
            )


# --- components ---


def validate_components(
    components: Any, errors: FormErrors, path: Path, *, v2: bool = False
) -> None:
    """Validate message components: 5 rows of width 5, ids, labels, selects."""
    if not isinstance(components, list):
        errors.add(path, "BASE_TYPE_ARRAY", "Must be an array.")
        return
    if not v2 and len(components) > ACTION_ROWS_MAX:
        errors.max_length(path, ACTION_ROWS_MAX)
    seen: set[str] = set()
    allowed_top = V2_TOP_LEVEL if v2 else (ACTION_ROW,)
    for i, comp in enumerate(components):
        c = (*path, i)
        if comp.get("type") not in allowed_top:
            errors.add(
                (*c, "type"),
                "UNION_TYPE_CHOICES",
                f'Value of field "type" must be one of {allowed_top}.',
            )
            continue
        _validate_nested(comp, errors, c, seen)


def _validate_nested(comp: JSON, errors: FormErrors, path: Path, seen: set[str]) -> None:
    kind = comp.get("type")
    if kind == ACTION_ROW:
        _validate_row(comp, errors, path, seen)
    elif kind == 17:  # container: recurse into its rows
        for j, child in enumerate(comp.get("components") or []):
            _validate_nested(child, errors, (*path, "components", j), seen)
    elif kind == 9 and isinstance(comp.get("accessory"), dict):  # section
        _validate_item(comp["accessory"], errors, (*path, "accessory"), seen)


def _validate_row(row: JSON, errors: FormErrors, path: Path, seen: set[str]) -> None:
    children = row.get("components") or []
    if not 1 <= len(children) <= ROW_WIDTH_MAX:
        errors.bad_length((*path, "components"), 1, ROW_WIDTH_MAX)
    has_select = any(child.get("type") in SELECTS for child in children)
    if has_select and len(children) > 1:
        errors.add(
            (*path, "components"),
            "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
            "The specified component exceeds the maximum width",
        )
    for j, child in enumerate(children):
        c = (*path, "components", j)
        if child.get("type") not in (BUTTON, *sorted(SELECTS)):
            errors.add(
                (*c, "type"),
                "UNION_TYPE_CHOICES",
                'Value of field "type" must be one of (2, 3, 5, 6, 7, 8).',
            )
            continue
        _validate_item(child, errors, c, seen)


def _check_custom_id(item: JSON, errors: FormErrors, path: Path, seen: set[str]) -> None:
    custom_id = item.get("custom_id")
    if custom_id is None:
        errors.required((*path, "custom_id"))
        return
    check_length(errors, (*path, "custom_id"), custom_id, CUSTOM_ID_MAX, low=1)
    if custom_id in seen:
        errors.add(
            (*path, "custom_id"),
            "COMPONENT_CUSTOM_ID_DUPLICATED",
            "Component custom id cannot be duplicated",
        )
    seen.add(custom_id)


def _validate_item(item: JSON, errors: FormErrors, path: Path, seen: set[str]) -> None:
    kind = item.get("type")
    if kind == BUTTON:
        style = item.get("style")
        if style not in range(1, 7):
            errors.choices((*path, "style"), list(range(1, 7)))
        if item.get("label") is not None:
            check_length(errors, (*path, "label"), item["label"], BUTTON_LABEL_MAX)
        if style == LINK_STYLE:
            if not item.get("url"):
                errors.required((*path, "url"))
            if item.get("custom_id") is not None:
                errors.add(
                    (*path, "custom_id"),
                    "BUTTON_COMPONENT_CUSTOM_ID_INVALID",
                    "A link button cannot have a custom id",
                )
        elif style == PREMIUM_STYLE:
            if not item.get("sku_id"):
                errors.required((*path, "sku_id"))
        else:
            _check_custom_id(item, errors, path, seen)
        return
    if kind in SELECTS:
        _check_custom_id(item, errors, path, seen)
        _validate_select_shape(item, errors, path)


def _validate_select_shape(item: JSON, errors: FormErrors, path: Path) -> None:
    if item.get("placeholder") is not None:
        check_length(errors, (*path, "placeholder"), item["placeholder"], SELECT_PLACEHOLDER_MAX)
    if item.get("min_values") is not None:
        check_int_range(errors, (*path, "min_values"), item["min_values"], 0, SELECT_VALUES_MAX)
    if item.get("max_values") is not None:
        check_int_range(errors, (*path, "max_values"), item["max_values"], 1, SELECT_VALUES_MAX)
    if item.get("type") == STRING_SELECT:
        options = item.get("options") or []
        if not 1 <= len(options) <= SELECT_OPTIONS_MAX:
            errors.bad_length((*path, "options"), 1, SELECT_OPTIONS_MAX)
        for k, option in enumerate(options):
            o = (*path, "options", k)
            for key in ("label", "value"):
                if option.get(key) is None:
                    errors.required((*o, key))
                else:
                    check_length(errors, (*o, key), option[key], SELECT_OPTION_TEXT_MAX, low=1)
            if option.get("description") is not None:
                check_length(
                    errors, (*o, "description"), option["description"], SELECT_OPTION_TEXT_MAX
                )


# --- modals ---


def validate_modal(data: Any, errors: FormErrors, path: Path) -> None:
    """Validate a modal: title 45, 1-5 inputs, labels 45, length bounds."""
    if not isinstance(data, dict):
        errors.required(path)
        return
    if data.get("title") is None:
        errors.required((*path, "title"))
    else:
        check_length(errors, (*path, "title"), data["title"], MODAL_TITLE_MAX, low=1)
    if data.get("custom_id") is None:
        errors.required((*path, "custom_id"))
    else:
        check_length(errors, (*path, "custom_id"), data["custom_id"], CUSTOM_ID_MAX, low=1)
    components = data.get("components") or []
    if not 1 <= len(components) <= MODAL_COMPONENTS_MAX:
        errors.bad_length((*path, "components"), 1, MODAL_COMPONENTS_MAX)
    seen: set[str] = set()
    for i, comp in enumerate(components):
        c = (*path, "components", i)
        kind = comp.get("type")
        if kind == ACTION_ROW:
            children = comp.get("components") or []
            if len(children) != 1:
                errors.bad_length((*c, "components"), 1, 1)
            for j, child in enumerate(children):
                _validate_modal_input(child, errors, (*c, "components", j), seen, labelled=False)
        elif kind == LABEL:
            if comp.get("label") is None:
                errors.required((*c, "label"))
            else:
                check_length(errors, (*c, "label"), comp["label"], TEXT_INPUT_LABEL_MAX, low=1)
            if comp.get("description") is not None:
                check_length(
                    errors, (*c, "description"), comp["description"], LABEL_DESCRIPTION_MAX
                )
            inner = comp.get("component")
            if not isinstance(inner, dict):
                errors.required((*c, "component"))
            else:
                _validate_modal_input(inner, errors, (*c, "component"), seen, labelled=True)
        elif kind != 10:  # text displays need no checks
            errors.add(
                (*c, "type"),
                "UNION_TYPE_CHOICES",
                'Value of field "type" must be one of (1, 10, 18).',
            )


def _validate_modal_input(
    item: JSON, errors: FormErrors, path: Path, seen: set[str], *, labelled: bool
) -> None:
    kind = item.get("type")
    if kind in SELECTS:
        _check_custom_id(item, errors, path, seen)
        _validate_select_shape(item, errors, path)
        return
    if kind != TEXT_INPUT:
        if labelled:
            return  # file uploads, radio groups ...: accepted without checks
        errors.add(
            (*path, "type"), "UNION_TYPE_CHOICES", 'Value of field "type" must be one of (4,).'
        )
        return
    _check_custom_id(item, errors, path, seen)
    if item.get("style") not in (1, 2):
        errors.choices((*path, "style"), [1, 2])
    if not labelled:
        if item.get("label") is None:
            errors.required((*path, "label"))
        else:
            check_length(errors, (*path, "label"), item["label"], TEXT_INPUT_LABEL_MAX, low=1)
    if item.get("placeholder") is not None:
        check_length(
            errors, (*path, "placeholder"), item["placeholder"], TEXT_INPUT_PLACEHOLDER_MAX
        )
    low, high = item.get("min_length"), item.get("max_length")
    if low is not None:
        check_int_range(errors, (*path, "min_length"), low, 0, TEXT_INPUT_VALUE_MAX)
    if high is not None:
        check_int_range(errors, (*path, "max_length"), high, 1, TEXT_INPUT_VALUE_MAX)
    if isinstance(low, int) and isinstance(high, int) and low > high:
        errors.add(
            (*path, "min_length"),
            "TEXT_INPUT_MIN_LENGTH_INVALID",
            "min_length must be less than or equal to max_length",
        )
    value = item.get("value")
    if value:
        lo = low if isinstance(low, int) else 0
        hi = high if isinstance(high, int) else TEXT_INPUT_VALUE_MAX
        if not lo <= len(value) <= hi:
            errors.bad_length((*path, "value"), lo, hi)


# --- autocomplete and commands ---


def _choice_value_ok(value: Any, option_type: int) -> str | None:
    """Return an error message when a choice value does not fit the option type."""
    if option_type == OPTION_STRING:
        return None if isinstance(value, str) else f'Could not interpret "{value}" as string.'
    if option_type == OPTION_INTEGER:
        ok = isinstance(value, int) and not isinstance(value, bool) and abs(value) <= _MAX_SAFE_INT
        return None if ok else f'Value "{value}" is not int.'
    if option_type == OPTION_NUMBER:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else f'Value "{value}" is not a valid number.'
    return None


def validate_choices(choices: Any, errors: FormErrors, path: Path, option_type: int) -> None:
    """Validate autocomplete or static choices against the option's type."""
    if not isinstance(choices, list):
        errors.add(path, "BASE_TYPE_ARRAY", "Must be an array.")
        return
    if len(choices) > AUTOCOMPLETE_CHOICES_MAX:
        errors.max_length(path, AUTOCOMPLETE_CHOICES_MAX)
    for i, choice in enumerate(choices):
        c = (*path, i)
        if choice.get("name") is None:
            errors.required((*c, "name"))
        else:
            check_length(errors, (*c, "name"), choice["name"], CHOICE_NAME_MAX, low=1)
        if "value" not in choice:
            errors.required((*c, "value"))
            continue
        problem = _choice_value_ok(choice["value"], option_type)
        if problem is not None:
            code = "BASE_TYPE_STRING" if option_type == OPTION_STRING else "NUMBER_TYPE_COERCE"
            errors.add((*c, "value"), code, problem)
        elif option_type == OPTION_STRING:
            check_length(errors, (*c, "value"), choice["value"], CHOICE_STRING_VALUE_MAX, low=1)


def validate_commands(commands: Any, errors: FormErrors) -> None:
    """Validate a bulk-overwrite body: each command, unique names, count limits."""
    if not isinstance(commands, list):
        errors.add((), "BASE_TYPE_ARRAY", "Must be an array.")
        return
    seen: set[tuple[int, str]] = set()
    counts = {1: 0, 2: 0, 3: 0}
    for i, command in enumerate(commands):
        validate_command(command, errors, (i,))
        key = (int(command.get("type", 1)), str(command.get("name")))
        if key in seen:
            errors.add(
                (i, "name"),
                "APPLICATION_COMMANDS_DUPLICATE_NAME",
                "Application command names must be unique",
            )
        seen.add(key)
        counts[key[0]] = counts.get(key[0], 0) + 1
    if counts[1] > CHAT_INPUT_COMMANDS_MAX:
        errors.max_length((), CHAT_INPUT_COMMANDS_MAX)
    if counts[2] > CONTEXT_MENU_COMMANDS_MAX or counts[3] > CONTEXT_MENU_COMMANDS_MAX:
        errors.max_length((), CONTEXT_MENU_COMMANDS_MAX)


def validate_command(command: JSON, errors: FormErrors, path: Path = ()) -> None:
    """Validate one application command definition."""
    kind = command.get("type", 1)
    if kind not in (1, 2, 3, 4):
        errors.choices((*path, "type"), [1, 2, 3, 4])
        return
    name = command.get("name")
    if not isinstance(name, str):
        errors.required((*path, "name"))
    elif kind == 1 and (not _NAME_RE.fullmatch(name) or name != name.lower()):
        errors.add((*path, "name"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
    elif not 1 <= len(name) <= 32:
        errors.bad_length((*path, "name"), 1, 32)
    description = command.get("description", "")
    if kind == 1:
        check_length(errors, (*path, "description"), description, COMMAND_DESCRIPTION_MAX, low=1)
    elif description:
        errors.add(
            (*path, "description"),
            "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION",
            "Context menu commands cannot have description",
        )
    options = command.get("options") or []
    if kind != 1 and options:
        errors.add(
            (*path, "options"), "APPLICATION_COMMAND_OPTIONS_INVALID", "Options are not allowed"
        )
        return
    _validate_options(options, errors, (*path, "options"), depth=0)


def _validate_options(options: list[JSON], errors: FormErrors, path: Path, *, depth: int) -> None:
    if len(options) > COMMAND_OPTIONS_MAX:
        errors.max_length(path, COMMAND_OPTIONS_MAX)
    names: set[str] = set()
    optional_seen = False
    kinds = {o.get("type") for o in options}
    if kinds & {OPTION_SUBCOMMAND, OPTION_GROUP} and kinds - {OPTION_SUBCOMMAND, OPTION_GROUP}:
        errors.add(
            path,
            "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
            "Sub-command and sub-command group option types are mutually exclusive to all "
            "other types",
        )
    for i, option in enumerate(options):
        o = (*path, i)
        kind = option.get("type")
        if kind not in OPTION_TYPES:
            errors.choices((*o, "type"), list(OPTION_TYPES))
            continue
        name = option.get("name")
        if not isinstance(name, str) or not _NAME_RE.fullmatch(name) or name != name.lower():
            errors.add((*o, "name"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
        elif name in names:
            errors.add(
                (*o, "name"),
                "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS",
                "Option names must be unique",
            )
        names.add(str(name))
        check_length(
            errors, (*o, "description"), option.get("description"), COMMAND_DESCRIPTION_MAX, low=1
        )
        if kind in (OPTION_SUBCOMMAND, OPTION_GROUP):
            if (kind == OPTION_GROUP and depth > 0) or (kind == OPTION_SUBCOMMAND and depth > 1):
                errors.add(
                    (*o, "type"), "APPLICATION_COMMAND_OPTION_TYPE_INVALID", "Invalid nesting"
                )
            _validate_options(option.get("options") or [], errors, (*o, "options"), depth=depth + 1)
            continue
        if option.get("required"):
            if optional_seen:
                errors.add(
                    (*o, "required"),
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be placed before non-required options",
                )
        else:
            optional_seen = True
        choices = option.get("choices")
        if choices:
            if kind not in (OPTION_STRING, OPTION_INTEGER, OPTION_NUMBER):
                errors.add(
                    (*o, "choices"),
                    "APPLICATION_COMMAND_OPTION_CHOICES_INVALID",
                    "Choices not allowed",
                )
            else:
                validate_choices(choices, errors, (*o, "choices"), kind)
            if option.get("autocomplete"):
                errors.add(
                    (*o, "autocomplete"),
                    "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID",
                    "Autocomplete cannot be enabled on options with choices",
                )
        for key in ("min_length", "max_length"):
            if option.get(key) is not None:
                if kind != OPTION_STRING:
                    errors.add(
                        (*o, key), "APPLICATION_COMMAND_OPTION_INVALID", f"{key} only for strings"
                    )
                else:
                    low = 0 if key == "min_length" else 1
                    check_int_range(errors, (*o, key), option[key], low, OPTION_STRING_LENGTH_MAX)
        for key in ("min_value", "max_value"):
            if option.get(key) is not None and kind not in (OPTION_INTEGER, OPTION_NUMBER):
                errors.add(
                    (*o, key), "APPLICATION_COMMAND_OPTION_INVALID", f"{key} only for numbers"
                )
