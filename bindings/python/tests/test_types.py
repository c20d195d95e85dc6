"""The typed dicts and the stub describe what the package really returns."""

import ast
import inspect
import typing
from pathlib import Path

import regcert
import regcert._regcert as native
from conftest import PNG


def _check(value, hint, where):
    """Asserts `value` is of the type `hint` (the typing forms the record uses)."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Union:
        assert any(_matches(value, a) for a in args), f"{where}: {value!r} is not {hint}"
        for a in args:
            if _matches(value, a):
                _check(value, a, where)
                return
    elif origin is typing.Literal:
        assert value in args, f"{where}: {value!r} not in {args}"
    elif origin is list:
        assert isinstance(value, list), where
        for i, item in enumerate(value):
            _check(item, args[0], f"{where}[{i}]")
    elif origin is dict:
        assert isinstance(value, dict), where
        for k, v in value.items():
            _check(k, args[0], f"{where} key")
            _check(v, args[1], f"{where}[{k!r}]")
    elif typing.is_typeddict(hint):
        hints = typing.get_type_hints(hint)
        assert isinstance(value, dict), f"{where}: {value!r} is not a dict"
        assert set(value) == set(hints), f"{where}: keys {sorted(value)} vs {sorted(hints)}"
        for k, h in hints.items():
            _check(value[k], h, f"{where}.{k}")
    elif hint is type(None):
        assert value is None, where
    elif hint is float:
        assert isinstance(value, (int, float)) and not isinstance(value, bool), where
    else:
        assert isinstance(value, hint) and not isinstance(value, bool), f"{where}: {value!r} is not {hint}"


def _matches(value, hint):
    try:
        _check(value, hint, "")
        return True
    except AssertionError:
        return False


def test_records_match_the_typed_dict(server, local_client, photos, responses):
    url, key = server
    records = [
        regcert.Client(key, base_url=url).recognize(PNG),
        regcert.parse((responses / "sedan-clean.json").read_bytes()),
        local_client.recognize(photos[0]),
    ]
    for record in records:
        _check(record, regcert.Record, "record")
    # The nested types are filled: the owner object, the confidence map.
    assert records[1]["owner"] is not None and records[2]["confidence"]


def test_a_record_with_issues_and_extra_fields_matches():
    response = (
        '{"reason":"ok","error_code":0,"result":{"orderid":"JH1","res":['
        '{"desc":"车辆识别代号V车架号","content":"LSVAU2180N2183457"},'
        '{"desc":"燃料种类","content":"汽油/电"},'
        '{"desc":"新标签","content":"值"},{"desc":"外廓尺寸","content":"长?"}]}}'
    )
    record = regcert.parse(response)
    assert record["issues"] and record["extra"]
    _check(record, regcert.Record, "record")


STUB = Path(native.__file__).with_name("_regcert.pyi")


def _stub_names():
    tree = ast.parse(STUB.read_text())
    top, methods = set(), {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            top.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            top.add(node.target.id)
        if isinstance(node, ast.ClassDef):
            methods[node.name] = {n.name for n in node.body if isinstance(n, ast.FunctionDef)}
    return top, methods


def test_the_stub_declares_what_the_module_has():
    assert (Path(regcert.__file__).parent / "py.typed").is_file()
    top, methods = _stub_names()
    public = {n for n in dir(native) if not n.startswith("_")} | {"__version__"}
    assert public <= top, public - top
    for cls in ("Client", "Recognitions"):
        runtime = {n for n, _ in inspect.getmembers(getattr(native, cls)) if not n.startswith("_") or n in ("__enter__", "__exit__", "__next__", "__iter__")}
        runtime -= set(dir(object))
        assert runtime <= methods[cls], (cls, runtime - methods[cls])


def test_the_stub_signatures_match():
    # The keyword names of the stub are the ones the module accepts.
    tree = ast.parse(STUB.read_text())
    client = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Client")
    init = next(n for n in client.body if isinstance(n, ast.FunctionDef) and n.name == "__init__")
    names = [a.arg for a in init.args.args[1:]] + [a.arg for a in init.args.kwonlyargs]
    sig = inspect.signature(native.Client)
    assert names == list(sig.parameters), (names, list(sig.parameters))
