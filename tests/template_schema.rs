//! The documented JSON Schema (`templates/template.schema.json`) against the program's template
//! reader: the schema names exactly the fields serde reads, requires exactly the ones serde
//! requires, lists every enum value, and accepts every built-in template and the README's example.
//!
//! The schema is checked by a tiny validator for the keywords it uses (below). It panics on any
//! other keyword, so the schema cannot start relying on something this test silently ignores.

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use common::*;
use serde_json::{json, Map, Value};
use shuzhi::report::template::{builtin_templates, ClosingSpec, FieldKind, LengthTarget, SectionKind};
use shuzhi::report::Template;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema() -> Value {
    let text = std::fs::read_to_string(root().join("templates/template.schema.json")).expect("schema file");
    serde_json::from_str(&text).expect("the schema is JSON")
}

// ---------------------------------------------------------------------------------------------
// A validator for the subset of JSON Schema 2020-12 the file uses

/// Patterns the schema uses, with what they mean (no regex engine in the dependencies).
fn pattern_matches(pattern: &str, text: &str) -> bool {
    match pattern {
        "^[A-Za-z0-9_-]+$" => !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
        "\\{n\\}" => text.contains("{n}"),
        other => panic!("the test's validator does not know the pattern {other:?}"),
    }
}

fn type_matches(name: &str, value: &Value) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        "integer" => value.is_u64() || value.is_i64(),
        other => panic!("the test's validator does not know the type {other:?}"),
    }
}

/// Appends to `errors` every way `value` breaks `schema` (`root` resolves `$ref`s).
fn validate(root: &Value, schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    let Some(schema) = schema.as_object() else { panic!("{path}: schema is not an object") };
    for (keyword, arg) in schema {
        match keyword.as_str() {
            "$schema" | "$id" | "$defs" | "title" | "description" => {}
            "$ref" => {
                let name = arg.as_str().and_then(|r| r.strip_prefix("#/$defs/")).expect("local $ref");
                let target = &root["$defs"][name];
                assert!(target.is_object(), "unknown $ref {name}");
                validate(root, target, value, path, errors);
            }
            "anyOf" => {
                let options = arg.as_array().expect("anyOf array");
                let passes = options.iter().any(|option| {
                    let mut e = Vec::new();
                    validate(root, option, value, path, &mut e);
                    e.is_empty()
                });
                if !passes {
                    errors.push(format!("{path}: matches none of anyOf"));
                }
            }
            "type" => {
                let names: Vec<&str> = match arg {
                    Value::String(s) => vec![s.as_str()],
                    Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                    _ => panic!("bad type"),
                };
                if !names.iter().any(|n| type_matches(n, value)) {
                    errors.push(format!("{path}: not of type {names:?}"));
                }
            }
            "enum" => {
                if !arg.as_array().expect("enum array").contains(value) {
                    errors.push(format!("{path}: {value} is not one of {arg}"));
                }
            }
            "properties" => {
                let (Some(props), Some(object)) = (arg.as_object(), value.as_object()) else { continue };
                for (key, sub) in props {
                    if let Some(v) = object.get(key) {
                        validate(root, sub, v, &format!("{path}.{key}"), errors);
                    }
                }
            }
            "required" => {
                let Some(object) = value.as_object() else { continue };
                for key in arg.as_array().expect("required array").iter().filter_map(Value::as_str) {
                    if !object.contains_key(key) {
                        errors.push(format!("{path}: missing {key}"));
                    }
                }
            }
            "additionalProperties" => {
                assert_eq!(arg, &Value::Bool(false), "only additionalProperties: false is supported");
                let (Some(object), Some(props)) = (value.as_object(), schema.get("properties").and_then(Value::as_object)) else { continue };
                for key in object.keys().filter(|k| !props.contains_key(*k)) {
                    errors.push(format!("{path}: unknown field {key}"));
                }
            }
            "items" => {
                let Some(array) = value.as_array() else { continue };
                for (i, v) in array.iter().enumerate() {
                    validate(root, arg, v, &format!("{path}[{i}]"), errors);
                }
            }
            "minItems" => {
                if value.as_array().is_some_and(|a| (a.len() as u64) < arg.as_u64().expect("number")) {
                    errors.push(format!("{path}: too few items"));
                }
            }
            "maxItems" => {
                if value.as_array().is_some_and(|a| (a.len() as u64) > arg.as_u64().expect("number")) {
                    errors.push(format!("{path}: too many items"));
                }
            }
            "minLength" | "maxLength" => {
                let Some(text) = value.as_str() else { continue };
                let n = text.chars().count() as u64;
                let limit = arg.as_u64().expect("number");
                if (keyword == "minLength" && n < limit) || (keyword == "maxLength" && n > limit) {
                    errors.push(format!("{path}: {keyword} {limit}"));
                }
            }
            "minimum" | "maximum" => {
                let Some(n) = value.as_f64() else { continue };
                let limit = arg.as_f64().expect("number");
                if (keyword == "minimum" && n < limit) || (keyword == "maximum" && n > limit) {
                    errors.push(format!("{path}: {keyword} {limit}"));
                }
            }
            "pattern" => {
                let Some(text) = value.as_str() else { continue };
                if !pattern_matches(arg.as_str().expect("pattern string"), text) {
                    errors.push(format!("{path}: does not match {arg}"));
                }
            }
            other => panic!("the test's validator does not know the keyword {other:?} (at {path})"),
        }
    }
}

fn schema_errors(value: &Value) -> Vec<String> {
    let root = schema();
    let mut errors = Vec::new();
    validate(&root, &root, value, "$", &mut errors);
    errors
}

// ---------------------------------------------------------------------------------------------
// The schema and the serde structs agree

/// A template with every optional part present, so serialising it shows every field serde knows.
fn full_template() -> Template {
    let mut t = default_template();
    t.schema = Some("template.schema.json".into());
    t.closing = Some(ClosingSpec { text: "特此报告。".into(), default_on: true });
    t.length = Some(LengthTarget { min: 1, max: 2 });
    let section = &mut t.sections[1];
    section.cause_guidance.get_or_insert_with(Default::default).target = Some(LengthTarget { min: 1, max: 2 });
    section.min_items = Some(1);
    section.max_items = Some(2);
    section.items[0].facts = vec!["study".into()];
    t.fields[0].kind = FieldKind::Year;
    t.facts[0].min_per_year = Some(1);
    t
}

/// Where each `$defs` entry (and the root, `""`) sits in a serialised template.
const PLACES: &[(&str, &[&str])] = &[
    ("", &[]),
    ("field", &["fields", "0"]),
    ("guidance", &["intro"]),
    ("length", &["length"]),
    ("section", &["sections", "1"]),
    ("item", &["sections", "1", "items", "0"]),
    ("fact", &["facts", "0"]),
    ("closing", &["closing"]),
];

fn at<'a>(value: &'a mut Value, path: &[&str]) -> &'a mut Map<String, Value> {
    let mut v = value;
    for part in path {
        v = match part.parse::<usize>() {
            Ok(i) => &mut v[i],
            Err(_) => &mut v[*part],
        };
    }
    v.as_object_mut().expect("an object")
}

fn def<'a>(schema: &'a Value, name: &str) -> &'a Value {
    if name.is_empty() {
        schema
    } else {
        &schema["$defs"][name]
    }
}

fn names(value: &Value) -> BTreeSet<String> {
    match value {
        Value::Object(o) => o.keys().cloned().collect(),
        Value::Array(a) => a.iter().filter_map(Value::as_str).map(String::from).collect(),
        _ => BTreeSet::new(),
    }
}

#[test]
fn the_schema_names_exactly_the_fields_serde_reads() {
    let schema = schema();
    let full = serde_json::to_value(full_template()).expect("serialises");
    let defs: BTreeSet<String> = names(&schema["$defs"]);
    let covered: BTreeSet<String> = PLACES.iter().map(|(n, _)| n.to_string()).filter(|n| !n.is_empty()).collect();
    assert_eq!(defs, covered, "every $defs entry is compared with a serde struct");
    for (name, path) in PLACES {
        let mut value = full.clone();
        let serde_fields: BTreeSet<String> = at(&mut value, path).keys().cloned().collect();
        let schema_fields = names(&def(&schema, name)["properties"]);
        assert_eq!(schema_fields, serde_fields, "properties of {name:?}");
        assert_eq!(def(&schema, name)["additionalProperties"], json!(false), "{name:?} refuses unknown fields, as serde does");
    }
}

#[test]
fn the_schema_requires_exactly_what_serde_requires() {
    let schema = schema();
    let full = serde_json::to_value(full_template()).expect("serialises");
    for (name, path) in PLACES {
        let mut required = BTreeSet::new();
        let keys: Vec<String> = at(&mut full.clone(), path).keys().cloned().collect();
        for key in keys {
            let mut value = full.clone();
            at(&mut value, path).remove(&key);
            if let Err(e) = serde_json::from_value::<Template>(value) {
                assert!(e.to_string().starts_with("missing field"), "{name:?}.{key}: {e}");
                required.insert(key);
            }
        }
        assert_eq!(names(&def(&schema, name)["required"]), required, "required of {name:?}");
    }
}

#[test]
fn the_schema_lists_every_enum_value() {
    let schema = schema();
    // Exhaustive matches: a new variant does not compile until it is listed here (and in the schema).
    let section_kinds = [SectionKind::Items, SectionKind::Problems, SectionKind::Plans].map(|k| match k {
        SectionKind::Items | SectionKind::Problems | SectionKind::Plans => serde_json::to_value(k).expect("kind"),
    });
    let field_kinds = [FieldKind::Text, FieldKind::Year].map(|k| match k {
        FieldKind::Text | FieldKind::Year => serde_json::to_value(k).expect("kind"),
    });
    assert_eq!(schema["$defs"]["section"]["properties"]["kind"]["enum"], Value::Array(section_kinds.to_vec()));
    assert_eq!(schema["$defs"]["field"]["properties"]["kind"]["enum"], Value::Array(field_kinds.to_vec()));
}

// ---------------------------------------------------------------------------------------------
// Files against the schema

#[test]
fn every_built_in_template_is_valid_against_the_schema() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("templates"))
        .expect("templates/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json") && !p.to_string_lossy().ends_with(".schema.json"))
        .collect();
    files.sort();
    assert_eq!(files.len(), builtin_templates().len());
    for path in files {
        let value: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(schema_errors(&value), Vec::<String>::new(), "{}", path.display());
    }
    // What `shuzhi template show` prints (nulls for absent options) is valid too.
    for template in builtin_templates() {
        let value: Value = serde_json::from_str(&template.to_json()).unwrap();
        assert_eq!(schema_errors(&value), Vec::<String>::new(), "{} as printed", template.id);
    }
    assert_eq!(schema_errors(&serde_json::to_value(full_template()).unwrap()), Vec::<String>::new());
}

/// The invalid fixtures whose mistake is in the shape of the data (what serde refuses) are
/// refused by the schema as well: an editor using the schema flags them before the program does.
#[test]
fn the_schema_refuses_what_serde_refuses() {
    let dir = fixture_path("templates");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.to_string_lossy().to_string();
        if !name.ends_with(".json") || name.ends_with(".draft.json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let Ok(value) = serde_json::from_str::<Value>(&text) else { continue };
        if serde_json::from_value::<Template>(value.clone()).is_ok() {
            continue;
        }
        assert!(!schema_errors(&value).is_empty(), "{name}: serde refuses it, the schema accepts it");
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} fixtures checked");
}

/// The README's 自定义模板 section shows a complete template: it loads, and the schema accepts it.
#[test]
fn the_readme_example_template_is_valid() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let section = readme.split("## 自定义模板").nth(1).expect("README has a section “自定义模板”");
    let block = section.split("```json").nth(1).and_then(|b| b.split("```").next()).expect("a ```json block");
    let template = Template::from_json(block).unwrap_or_else(|e| panic!("the README's template: {e}"));
    assert!(builtin_templates().iter().all(|t| t.id != template.id), "the example's id is not a built-in one");
    let value: Value = serde_json::from_str(block).unwrap();
    assert_eq!(schema_errors(&value), Vec::<String>::new());
}

/// The counts and lengths the schema states are the budgets `Template::validate` enforces.
#[test]
fn the_schema_states_the_budgets_the_reader_enforces() {
    use shuzhi::report::template::budget;
    let schema = schema();
    let props = &schema["properties"];
    let defs = &schema["$defs"];
    let stated = [
        (&props["fields"]["maxItems"], budget::FIELDS),
        (&props["sections"]["maxItems"], budget::SECTIONS),
        (&props["facts"]["maxItems"], budget::FACTS),
        (&props["name"]["maxLength"], budget::NAME_CHARS),
        (&props["title_pattern"]["maxLength"], budget::TITLE_CHARS),
        (&defs["section"]["properties"]["heading"]["maxLength"], budget::HEADING_CHARS),
        (&defs["section"]["properties"]["items"]["maxItems"], budget::ITEMS),
        (&defs["section"]["properties"]["title_suggestions"]["maxItems"], budget::LIST),
        (&defs["guidance"]["properties"]["phrases"]["maxItems"], budget::LIST),
        (&defs["item"]["properties"]["facts"]["maxItems"], budget::FACTS),
    ];
    for (i, (value, budget)) in stated.iter().enumerate() {
        assert_eq!(**value, json!(budget), "budget #{i}");
    }
}
