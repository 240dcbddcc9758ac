module github.com/smoothie-player/smoothie

go 1.26

require github.com/asticode/go-astiav v0.16.0

require github.com/asticode/go-astikit v0.42.0 // indirect
