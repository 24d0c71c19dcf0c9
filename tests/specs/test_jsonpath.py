import pytest

from emulator.specs import jsonpath

DOC = {
    "paths": {
        "/a/{id}": {"get": {"parameters": [{"in": "path", "name": "id"}, {"in": "query", "name": "q"}]}},
        "/b": {"post": {"x": 1}},
    },
    "flags": {"one": {"type": "object", "default": True}, "two": {"type": "object", "default": 1}},
}


def keys(path: str) -> list[object]:
    return [key for _, key in jsonpath.find(DOC, path)]


def test_names_brackets_and_wildcards() -> None:
    assert keys("$.paths['/b'].post.x") == ["x"]
    assert keys('$.paths["/a/{id}"].get') == ["get"]
    assert keys("$.paths.*.*") == ["get", "post"]
    assert keys("$.paths['/a/{id}'].get.parameters[1]") == [1]


def test_filters_compare_values_and_types() -> None:
    assert keys("$.paths.*.get.parameters[?@.in == 'path' && @.name == 'id']") == [0]
    # JSON equality: true is not 1.
    assert keys("$.flags[?@.default == true]") == ["one"]
    assert keys("$.flags[?@.default == 1]") == ["two"]
    assert keys("$.flags[?@.missing]") == []


def test_nothing_matches_an_absent_path() -> None:
    assert keys("$.paths['/c'].get") == []


@pytest.mark.parametrize("bad", ["paths.x", "$.paths[?@.a ~ 1]", "$.a[?@.b == nope]"])
def test_malformed_targets_are_rejected(bad: str) -> None:
    with pytest.raises(jsonpath.JsonPathError):
        jsonpath.find(DOC, bad)
