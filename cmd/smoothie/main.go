// Command smoothie is a Microsoft Smooth Streaming player, test origin, packager,
// inspector and ABR simulator. main only wires the process to run; run is tested.
package main

import "os"

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }
