import CLws

/// A libuv loop owned by us that lws joins as a "foreign" loop, so that lws waits on epoll instead
/// of scanning every descriptor with poll() on each wake-up.
///
/// Create it on the thread that will run it, pass `foreignLoops` in the context creation info
/// together with `survey_lws_libuv_option()`, call `runOnce()` in a loop, and `finish(_:)` at the end.
/// Time-based work runs on `timer(_:)`s of the loop, on the same thread.
public final class LibuvLoop {
    private let loop: UnsafeMutablePointer<uv_loop_t>
    /// The array lws expects in `lws_context_creation_info.foreign_loops`.
    public let foreignLoops: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    private var timers: [LoopTimer] = []

    public init() {
        loop = .allocate(capacity: 1)
        uv_loop_init(loop)
        foreignLoops = .allocate(capacity: 1)
        foreignLoops.initialize(to: UnsafeMutableRawPointer(loop))
    }

    /// Waits for at least one event (an lws descriptor, timer or `lws_cancel_service`) and handles it.
    public func runOnce() {
        uv_run(loop, UV_RUN_ONCE)
    }

    /// A timer whose action runs on this loop's thread; call on that thread. It lives until `finish`.
    public func timer(_ action: @escaping () -> Void) -> LoopTimer {
        let timer = LoopTimer(loop: loop, action: action)
        timers.append(timer)
        return timer
    }

    /// Closes the timers, destroys the lws context, lets lws close its handles on the loop, then
    /// closes the loop.
    public func finish(destroying context: OpaquePointer) {
        for timer in timers { timer.close() }
        timers.removeAll()
        lws_context_destroy(context)
        uv_run(loop, UV_RUN_DEFAULT)
        uv_loop_close(loop)
    }

    deinit {
        foreignLoops.deallocate()
        loop.deallocate()
    }
}
