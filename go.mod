module github.com/smoothie-player/smoothie

go 1.26.0

require (
	github.com/Eyevinn/mp4ff v0.56.0
	github.com/asticode/go-astiav v0.16.0
	github.com/ebitengine/oto/v3 v3.4.1
	github.com/hajimehoshi/ebiten/v2 v2.9.10
	github.com/jezek/xgb v1.1.1
	golang.org/x/sys v0.44.0
	golang.org/x/time v0.16.0
)

require (
	github.com/asticode/go-astikit v0.42.0 // indirect
	github.com/ebitengine/gomobile v0.0.0-20250923094054-ea854a63cce1 // indirect
	github.com/ebitengine/hideconsole v1.0.0 // indirect
	github.com/ebitengine/purego v0.9.0 // indirect
	golang.org/x/sync v0.21.0 // indirect
)
