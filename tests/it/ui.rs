//! Compile-fail tests: the errors the type system promises (messages in `tests/ui/*.stderr`,
//! regenerate with `TRYBUILD=overwrite cargo test ui` when the compiler changes).

#[test]
fn compile_errors() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
