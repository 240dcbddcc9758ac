// Package subs reads subtitle files — SubRip (.srt), WebVTT (.vtt) and, through
// package ttml, TTML/DFXP — into ttml.Cue values, so that the packager can turn
// any of them into a Smooth Streaming text track.
//
// It reads cue times, text, line breaks and the <i>, <b> and <u> tags (and SRT's
// <font color>); of WebVTT's cue settings only line and align are used, for the
// cue's region. It handles a UTF-8 byte order mark and CRLF line ends. It does not
// render, does not read WebVTT STYLE or REGION blocks, and does not write.
package subs
