"""WeasyPrint's sized arrays share one parsed C type: the array made is the same (length, values),
no type is parsed for a new length, and every other allocation passes through unchanged."""

from __future__ import annotations

from weasyprint.text.ffi import ffi

from briefexport.writers.pdf.weasyprint_patches.array_types import one_parse_per_array_type


def test_a_sized_array_with_its_items_is_the_same_array_from_one_parsed_type():
    items = [7, 3, 65535, 0, 12]
    known = set(ffi._parsed_types)  # cffi's parsed types by their string (other tests add theirs)
    with one_parse_per_array_type():
        made = [ffi.new(f"hb_codepoint_t[{len(items[:n])}]", items[:n]) for n in range(1, len(items) + 1)]
    assert set(ffi._parsed_types) - known <= {"hb_codepoint_t[]"}
    for n, array in enumerate(made, 1):
        assert len(array) == n
        assert list(array) == items[:n]
        assert ffi.sizeof(array) == n * ffi.sizeof("hb_codepoint_t")


def test_other_allocations_pass_through():
    with one_parse_per_array_type():
        zeroed = ffi.new("char[4]")  # no items: the type WeasyPrint names, as it is
        pointer = ffi.new("unsigned int *", 100)
        short = ffi.new("hb_codepoint_t[4]", [1, 2])  # fewer items than the length: as it is
    assert ffi.typeof(zeroed) is ffi.typeof("char[4]")
    assert pointer[0] == 100
    assert ffi.typeof(short) is ffi.typeof("hb_codepoint_t[4]") and list(short) == [1, 2, 0, 0]


def test_the_shared_ffi_is_left_as_it_was():
    with one_parse_per_array_type():
        assert "new" in vars(ffi)
    assert "new" not in vars(ffi)
