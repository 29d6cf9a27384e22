//! Files the user hands over (the file picker, a drop on the page), read with gloo-file, and the
//! browser's own text decoders (GBK, GB18030, UTF-16 … at no bundle cost).

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::{DragEvent, Event};

use super::BrowserError;

/// A file the user picked or dropped.
#[derive(Clone)]
pub struct PickedFile(gloo_file::File);

impl PartialEq for PickedFile {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name() && self.size() == other.size()
    }
}

impl PickedFile {
    pub fn name(&self) -> String {
        self.0.name()
    }

    /// The size in bytes (known before reading, so huge files are refused without reading).
    pub fn size(&self) -> u64 {
        self.0.size()
    }

    pub async fn bytes(&self) -> Result<Vec<u8>, BrowserError> {
        gloo_file::futures::read_as_bytes(&self.0).await.map_err(|e| BrowserError::Threw(e.to_string()))
    }
}

/// The file chosen in the `<input type="file">` a `change` event came from. The input is
/// cleared, so choosing the same file again (after fixing it) is a change too.
pub fn picked(event: &Event) -> Option<PickedFile> {
    let input = event.target()?.dyn_into::<HtmlInputElement>().ok()?;
    let file = input.files()?.get(0);
    input.set_value("");
    file.map(|f| PickedFile(gloo_file::File::from(f)))
}

/// The first file of a drop, if any.
pub fn dropped(event: &DragEvent) -> Option<PickedFile> {
    let file = event.data_transfer()?.files()?.get(0)?;
    Some(PickedFile(gloo_file::File::from(file)))
}

/// Decodes `bytes` with the browser's decoder for `label`; `None` when the label is unknown or
/// (with `fatal`) the bytes are not valid in that encoding.
pub fn decode(bytes: &[u8], label: &str, fatal: bool) -> Option<String> {
    let options = web_sys::TextDecoderOptions::new();
    options.set_fatal(fatal);
    let decoder = web_sys::TextDecoder::new_with_label_and_options(label, &options).ok()?;
    decoder.decode_with_u8_array(bytes).ok()
}
