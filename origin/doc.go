// Package origin is Smoothie's test origin: an IIS-style Smooth Streaming server that
// serves every .ism presentation under a directory. It answers /NAME.ism/Manifest and
// /NAME.ism/QualityLevels(B)/Fragments(STREAM=T) (and FragmentInfo, RawFragments) by
// cutting fragments out of .ismv/.isma files through their mfra/tfra index with ranged
// reads, writes an IIS-style W3C access log, and accepts players' playback logs on
// POST /log. Nothing outside the served directory is reachable.
//
// It must not load whole media files per request, and it must not trust request
// paths: all file access goes through an os.Root.
package origin
