// Package smooth is the Microsoft Smooth Streaming protocol (MS-SSTR), shared by the
// player and the origin so that they cannot disagree: client manifests (parse,
// validate, marshal), timelines, URL templates in both directions, server manifests
// (SMIL), fragments (moof+mdat with tfxd, tfrf and PIFF/CENC sample encryption),
// codec set-up from manifest data and PlayReady headers.
//
// It is pure: bytes in, values out. It does no network or file I/O, imports no UI
// and no FFmpeg.
package smooth
