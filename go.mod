module github.com/smoothie-player/smoothie

go 1.26.0

require github.com/Eyevinn/mp4ff v0.56.0

require golang.org/x/time v0.16.0
