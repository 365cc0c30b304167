"""What the fuzzers feed the loaders, and the one law they check: any input either loads (and
judges) or raises the project's own error type — never another exception.

Used by tests/test_fuzz.py (a bounded number of examples in the suite) and by
tests/fuzz/run_fuzz.py (as long as a developer likes).
"""

from __future__ import annotations

import copy
import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from hukou import GAZETTEER, HukouError, judge, load_profile, load_rulebook
from hukou.model.profile import Profile
from hukou.rulebook import load_rule_file
from hukou.rulebook.loader import project_root

ROOT = project_root()
RULEBOOK = load_rulebook(ROOT)
KAILI = GAZETTEER.resolve("凯里")
VALID_RULE_FILE: dict[str, Any] = yaml.safe_load((ROOT / "tests" / "valid-rule-file.yaml").read_text("utf-8"))

# Keys a profile or a rule file may have, and a few it may not, so that generated documents reach
# deep into the schemas rather than failing at the first key.
KEYS = sorted(
    set(Profile.model_fields)
    | {
        "city",
        "since",
        "until",
        "months",
        "tenure",
        "area_sqm",
        "relation",
        "age",
        "level",
        "province",
        "type",
        "id",
        "fact",
        "op",
        "value",
        "all",
        "any",
        "some",
        "where",
        "quote",
        "x",
        "名字",
        "",
    }
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["凯里", "湖南", "rural", "owned", "2023年3月1日", "2023/2/30", "十二", ">=", "talent"])
    | st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
)
documents = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=5)
    ),
    max_leaves=25,
)


def _file(content: bytes) -> Path:
    handle = tempfile.NamedTemporaryFile(suffix=".yaml", delete=False)  # noqa: SIM115 (closed below)
    handle.write(content)
    handle.close()
    return Path(handle.name)


def profile_loads_or_says_why(content: bytes) -> None:
    """Bytes given as a profile either load and judge, or raise HukouError."""
    path = _file(content)
    try:
        profile = load_profile(path, dt.date(2024, 9, 1))
    except HukouError:
        return
    finally:
        path.unlink()
    judge(profile, RULEBOOK, KAILI, dt.date(2024, 9, 1))


def rule_file_loads_or_says_why(content: bytes) -> None:
    """Bytes given as a rule file either load or raise HukouError."""
    path = _file(content)
    try:
        load_rule_file(path, ROOT)
    except HukouError:
        return
    finally:
        path.unlink()


def dump(document: Any) -> bytes:
    return yaml.safe_dump(document, allow_unicode=True).encode("utf-8")


@st.composite
def mutated_rule_files(draw: st.DrawFn) -> Any:
    """The valid rule file with one value somewhere replaced by a generated one."""
    document = copy.deepcopy(VALID_RULE_FILE)
    node: Any = document
    while isinstance(node, dict | list) and node and draw(st.integers(0, 3)) > 0:
        key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else list(range(len(node)))))
        if not isinstance(node[key], dict | list):
            node[key] = draw(documents)
            return document
        node = node[key]
    if isinstance(node, dict):
        node[draw(st.sampled_from(KEYS))] = draw(documents)
    elif isinstance(node, list):
        node.append(draw(documents))
    return document
