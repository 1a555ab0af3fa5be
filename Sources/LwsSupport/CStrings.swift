import CLws
import Foundation

/// C strings that must outlive the lws context (protocol names, mount paths). Freed on deinit.
public final class CStrings {
    public init() {}

    private var pointers: [UnsafeMutablePointer<CChar>] = []

    /// A C copy of `string`, alive as long as this object.
    public func keep(_ string: String) -> UnsafePointer<CChar> {
        let pointer = strdup(string)!
        pointers.append(pointer)
        return UnsafePointer(pointer)
    }

    deinit { pointers.forEach { free($0) } }
}
