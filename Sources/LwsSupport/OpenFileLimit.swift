import Foundation

/// Raises the soft limit on open files toward `wanted` (at most the hard limit), so that a process
/// can hold thousands of sockets before lws sizes its tables. With no `wanted`, to the hard limit.
public func raiseOpenFileLimit(to wanted: Int? = nil) {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
    let target = wanted.map { min(limit.rlim_max, rlim_t($0)) } ?? limit.rlim_max
    guard limit.rlim_cur < target else { return }
    limit.rlim_cur = target
    setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
}
