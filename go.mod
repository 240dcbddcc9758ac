module github.com/smoothie-player/smoothie

go 1.26

require github.com/asticode/go-astiav v0.16.0

require (
	github.com/Eyevinn/mp4ff v0.56.0 // indirect
	github.com/asticode/go-astikit v0.42.0 // indirect
)
