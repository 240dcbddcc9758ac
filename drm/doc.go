// Package drm is protected content with clear keys: content keys and their files,
// the PlayReady Object (WRMHEADER), the PIFF 1.1 track and sample encryption boxes,
// the CENC sample encryption (senc) reader, sample decryption for the 'cenc', 'cbcs'
// and PIFF 1.1 schemes, and the encryption and decryption of whole fragmented files.
//
// It is pure Go: no FFmpeg, no network, no UI. A content key never leaves it in a
// string: Key's String and Format hide the key bytes, so a key cannot reach a log,
// an error message or a stats line by accident.
package drm
