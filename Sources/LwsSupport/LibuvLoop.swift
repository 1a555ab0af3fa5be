import CLws

/// A libuv loop owned by us that lws joins as a "foreign" loop, so that lws waits on epoll instead
/// of scanning every descriptor with poll() on each wake-up.
///
/// Create it on the thread that will run it, pass `foreignLoops` in the context creation info
/// together with `survey_lws_libuv_option()`, call `runOnce()` in a loop, and `finish(_:)` at the end.
public final class LibuvLoop {
    private let loop: UnsafeMutablePointer<uv_loop_t>
    /// The array lws expects in `lws_context_creation_info.foreign_loops`.
    public let foreignLoops: UnsafeMutablePointer<UnsafeMutableRawPointer?>

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

    /// Destroys the lws context, lets lws close its handles on the loop, then closes the loop.
    public func finish(destroying context: OpaquePointer) {
        lws_context_destroy(context)
        uv_run(loop, UV_RUN_DEFAULT)
        uv_loop_close(loop)
    }

    deinit {
        foreignLoops.deallocate()
        loop.deallocate()
    }
}
