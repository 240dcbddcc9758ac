// Package sim is the trace-driven, chunk-level ABR simulator: Pensieve's
// set-up (4 s chunks, 48 chunks, its video size table, 80 ms RTT, 0.95
// payload, 60 s buffer cap), the QoE metrics of the literature (QoE_lin,
// QoE_log, QoE_hd, rebuffer ratio, bitrate, switches, startup), the offline
// optimum and an oracle MPC, and a device model (decode cost, dropped frames,
// battery drain). It is deterministic: no clock, no randomness.
package sim
