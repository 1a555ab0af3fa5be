import CLws

/// A libuv timer on a `LibuvLoop`: its action runs on the loop's own thread, inside `runOnce()`,
/// so it may touch loop-only state and call lws directly. No thread sleeps and wakes the loop.
///
/// Create, start and stop it on the loop thread only. `LibuvLoop.finish(destroying:)` closes every
/// timer of the loop before the loop itself.
public final class LoopTimer {
    private let handle: UnsafeMutablePointer<uv_timer_t>
    private let action: () -> Void
    private var closed = false

    init(loop: UnsafeMutablePointer<uv_loop_t>, action: @escaping () -> Void) {
        self.action = action
        handle = .allocate(capacity: 1)
        uv_timer_init(loop, handle)
        handle.pointee.data = Unmanaged.passUnretained(self).toOpaque()
    }

    /// Runs the action after `milliseconds`, then every `repeating` milliseconds if that is not 0.
    /// Starting a started timer moves it.
    public func start(after milliseconds: UInt64, repeating: UInt64 = 0) {
        guard !closed else { return }
        uv_timer_start(
            handle,
            { handle in
                guard let data = handle?.pointee.data else { return }
                Unmanaged<LoopTimer>.fromOpaque(data).takeUnretainedValue().action()
            }, milliseconds, repeating)
    }

    /// Whether the timer is due to run.
    public var isActive: Bool { !closed && uv_is_active(UnsafeMutableRawPointer(handle).assumingMemoryBound(to: uv_handle_t.self)) != 0 }

    /// Stops it for good and hands the handle back to libuv, which frees it on the next loop turn.
    func close() {
        guard !closed else { return }
        closed = true
        uv_timer_stop(handle)
        handle.pointee.data = nil
        uv_close(UnsafeMutableRawPointer(handle).assumingMemoryBound(to: uv_handle_t.self)) { handle in
            handle.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: uv_timer_t.self).deallocate() }
        }
    }
}
