//! The .docx's zip container, written here instead of by the `zip` crate's writer so that a
//! `Packer` kept for the lifetime of the app's worker can keep what is the same from one export
//! to the next: one deflater (a fresh one allocates and zeroes ≈ 200 KB of tables, per part) and
//! the compressed bytes of the parts that don't depend on the draft (content types, relationships,
//! settings, fonts, footers, styles: 9 of 12 parts, a third of a Word export's time natively).
//!
//! The bytes are exactly those `zip`'s writer gives for the same parts at deflate level 1 with a
//! 1980-01-01 timestamp (tests/docx_cache.rs rewrites our files with it and compares), so files
//! stay reproducible and the reader side (`docx_read`, through `zip`) is unchanged.

use std::collections::HashMap;

use flate2::{Compress, Compression, Crc, FlushCompress, Status};

/// One part to pack: its name in the package (ASCII: the names are ours, so no UTF-8 flag), its
/// text, and whether its compressed bytes may be reused by a later package with the same text.
pub struct Part<'a> {
    pub name: &'static str,
    pub text: &'a str,
    pub reusable: bool,
}

/// A part as stored: its text's CRC-32 and size, and its deflated bytes.
struct Stored {
    crc: u32,
    size: u32,
    data: Vec<u8>,
}

/// Writes packages; keep one to reuse its deflater and compressed parts.
pub struct Packer {
    deflate: Compress,
    /// Reusable parts by name, with the text they were compressed from: the cache's key is the
    /// whole text, so a part whose input changed (styles after the line pitch changed, a part
    /// edited in a later version) is compressed again instead of reused.
    reusable: HashMap<&'static str, (String, Stored)>,
}

impl Default for Packer {
    fn default() -> Self {
        // Raw deflate (no zlib header), as zip stores it. The fastest level: at the default (6)
        // deflate was most of a Word export's time (the sample: 0.59 ms natively, ≈1 ms in the
        // worker, for an 11.7 KB file); level 1 takes 0.25 ms for 14.6 KB (level 2, 0.52 ms for
        // 12.2 KB, is no cheaper to speak of).
        Packer { deflate: Compress::new(Compression::new(1), false), reusable: HashMap::new() }
    }
}

/// Why a package could not be written: the deflater failed, or a part is too large for a zip
/// without zip64 (4 GiB; never a real report).
#[derive(Debug)]
pub struct PackError(pub String);

const VERSION_NEEDED: u16 = 20;
/// Made by Unix (3), zip spec 2.0: what `zip` writes, with the permissions below.
const VERSION_MADE_BY: u16 = 0x0300 | VERSION_NEEDED;
/// Regular file, rw-r--r-- (`zip`'s default), in the high half of the external attributes.
const EXTERNAL_ATTRIBUTES: u32 = 0o100644 << 16;
const DEFLATED: u16 = 8;
/// MS-DOS date of 1980-01-01 (day 1, month 1, year 0), time 00:00: the fixed timestamp that keeps
/// exports reproducible.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;

impl Packer {
    /// The package of `parts`, in their order.
    pub fn pack(&mut self, parts: &[Part<'_>]) -> Result<Vec<u8>, PackError> {
        let mut fresh = Vec::with_capacity(parts.len());
        for part in parts {
            if !part.reusable {
                fresh.push(Some(self.compress(part.text)?));
                continue;
            }
            let cached = self.reusable.get(part.name).is_some_and(|(text, _)| text == part.text);
            if !cached {
                let stored = self.compress(part.text)?;
                self.reusable.insert(part.name, (part.text.to_string(), stored));
            }
            fresh.push(None);
        }
        let stored: Vec<&Stored> = parts
            .iter()
            .zip(&fresh)
            .filter_map(|(part, fresh)| fresh.as_ref().or_else(|| self.reusable.get(part.name).map(|(_, stored)| stored)))
            .collect();
        let size: usize = parts.iter().zip(&stored).map(|(p, s)| 30 + 46 + 2 * p.name.len() + s.data.len()).sum::<usize>() + 22;
        let mut out = Vec::with_capacity(size);
        let mut offsets = Vec::with_capacity(parts.len());
        for (part, stored) in parts.iter().zip(&stored) {
            offsets.push(u32_of(out.len())?);
            out.extend_from_slice(b"PK\x03\x04");
            header(&mut out, part.name, stored)?;
            out.extend_from_slice(&0u16.to_le_bytes()); // extra field length
            out.extend_from_slice(part.name.as_bytes());
            out.extend_from_slice(&stored.data);
        }
        let central = out.len();
        for ((part, stored), offset) in parts.iter().zip(&stored).zip(offsets) {
            out.extend_from_slice(b"PK\x01\x02");
            out.extend_from_slice(&VERSION_MADE_BY.to_le_bytes());
            header(&mut out, part.name, stored)?;
            // Extra field, comment, disk number, internal attributes: none.
            out.extend_from_slice(&[0; 8]);
            out.extend_from_slice(&EXTERNAL_ATTRIBUTES.to_le_bytes());
            out.extend_from_slice(&offset.to_le_bytes());
            out.extend_from_slice(part.name.as_bytes());
        }
        let count = u16::try_from(parts.len()).map_err(|_| PackError("too many parts".into()))?;
        let central_size = u32_of(out.len() - central)?;
        let central = u32_of(central)?;
        out.extend_from_slice(b"PK\x05\x06");
        out.extend_from_slice(&[0; 4]); // this disk, the central directory's disk
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&count.to_le_bytes());
        out.extend_from_slice(&central_size.to_le_bytes());
        out.extend_from_slice(&central.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // comment length
        Ok(out)
    }

    /// Deflates `text` with the one deflater (reset: its tables are zeroed, not reallocated), the
    /// way `zip` feeds flate2's encoder: the text without flushing, then an empty finishing call
    /// (finishing with the text in one call ends the stream a byte shorter).
    fn compress(&mut self, text: &str) -> Result<Stored, PackError> {
        let input = text.as_bytes();
        self.deflate.reset();
        let mut data = Vec::with_capacity(input.len() / 2 + 64);
        loop {
            let consumed = usize::try_from(self.deflate.total_in()).unwrap_or(input.len()).min(input.len());
            let flush = if consumed < input.len() { FlushCompress::None } else { FlushCompress::Finish };
            let before = (self.deflate.total_in(), self.deflate.total_out());
            let status = self.deflate.compress_vec(&input[consumed..], &mut data, flush).map_err(|e| PackError(e.to_string()))?;
            if status == Status::StreamEnd {
                break;
            }
            // Never loop without progress while there was room to write.
            if (self.deflate.total_in(), self.deflate.total_out()) == before && data.len() < data.capacity() {
                return Err(PackError("deflate made no progress".into()));
            }
            // Out of room (deflate stops at the vector's capacity), or the text is in: finish.
            if data.len() == data.capacity() {
                data.reserve(data.capacity().max(64));
            }
        }
        let mut crc = Crc::new();
        crc.update(input);
        Ok(Stored { crc: crc.sum(), size: u32_of(input.len())?, data })
    }
}

/// The fields the local header and the central directory share, from "version needed" to the
/// name's length.
fn header(out: &mut Vec<u8>, name: &str, stored: &Stored) -> Result<(), PackError> {
    out.extend_from_slice(&VERSION_NEEDED.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes()); // flags: no data descriptor, ASCII names
    out.extend_from_slice(&DEFLATED.to_le_bytes());
    out.extend_from_slice(&DOS_TIME.to_le_bytes());
    out.extend_from_slice(&DOS_DATE.to_le_bytes());
    out.extend_from_slice(&stored.crc.to_le_bytes());
    out.extend_from_slice(&u32_of(stored.data.len())?.to_le_bytes());
    out.extend_from_slice(&stored.size.to_le_bytes());
    let name_len = u16::try_from(name.len()).map_err(|_| PackError("name too long".into()))?;
    out.extend_from_slice(&name_len.to_le_bytes());
    Ok(())
}

fn u32_of(n: usize) -> Result<u32, PackError> {
    u32::try_from(n).map_err(|_| PackError("part too large for a zip without zip64".into()))
}
