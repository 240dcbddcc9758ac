module github.com/smoothie-player/smoothie

go 1.26

require github.com/Eyevinn/mp4ff v0.56.0
