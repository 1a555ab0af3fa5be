/// Text that people typed, made safe for where staff read it: a terminal or a spreadsheet.
public enum UntrustedText {
    /// Every control character (C0, DEL, C1: newlines, escape sequences, bells) shown as a visible
    /// escape such as `\n` or `\u{1b}`, so that it cannot move the cursor or drive the terminal.
    public static func forTerminal(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where isControl(scalar): out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A cell that would start a formula in Excel or WPS (`= + - @`, or a tab or carriage return
    /// before one) gets a leading apostrophe, as OWASP advises; plain numbers stay numbers.
    public static func forSpreadsheet(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(text) == nil else { return text }
        return "'" + text
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
