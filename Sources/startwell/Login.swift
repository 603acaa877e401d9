import Foundation
import StartWellCore
import StartWellStore
import TerminalUI

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Who a command acts as: the user from `--as` or `STARTWELL_USER`, checked
/// against their password from `STARTWELL_PASSWORD` or typed at the terminal.
enum Login {
  static let userVariable = "STARTWELL_USER"
  static let passwordVariable = "STARTWELL_PASSWORD"

  static func user(
    _ context: AppContext, store: Store, environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> User {
    guard let username = context.username else {
      throw CLIError("no user given: pass --as USER or set \(userVariable)")
    }
    let password = try password(for: username, environment: environment)
    do {
      return try store.authenticate(username: username, password: password)
    } catch let error as DomainError {
      if case .forbidden(let why) = error {
        // The store's reasons start "login failed" when they are about the login itself.
        let rest = why.hasPrefix("login failed") ? String(why.dropFirst("login failed".count)) : ": \(why)"
        throw CLIError("login failed for \(Sanitizer.visible(username))\(rest)")
      }
      throw error
    }
  }

  /// The password from the environment, or read from the terminal without echo.
  static func password(for username: String, environment: [String: String]) throws -> String {
    if let password = environment[passwordVariable] { return password }
    guard let typed = PasswordPrompt.ask("Password for \(Sanitizer.visible(username)): ") else {
      throw CLIError("no password: set \(passwordVariable) or run from a terminal to be prompted")
    }
    return typed
  }

  /// A new password typed twice, for `init` and `user add`; or taken from `variable` when set.
  static func newPassword(
    for username: String, variable: String,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> String {
    if let password = environment[variable] { return password }
    guard let first = PasswordPrompt.ask("New password for \(Sanitizer.visible(username)): ") else {
      throw CLIError("no password: set \(variable) or run from a terminal to be prompted")
    }
    guard let second = PasswordPrompt.ask("Repeat the password: ") else {
      throw CLIError("no password: set \(variable) or run from a terminal to be prompted")
    }
    guard first == second else { throw CLIError("password: the two entries differ; nothing was saved") }
    return first
  }
}

/// Reads a line from the controlling terminal with echo turned off.
///
/// It talks to /dev/tty rather than stdin and stdout, so a password prompt
/// still reaches the person when output is piped, and is never read from a
/// redirected file by accident.
enum PasswordPrompt {
  static func ask(_ prompt: String) -> String? {
    let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var saved = termios()
    guard tcgetattr(fd, &saved) == 0 else { return nil }
    var quiet = saved
    quiet.c_lflag &= ~tcflag_t(ECHO)
    quiet.c_lflag |= tcflag_t(ECHONL)
    send(fd, prompt)
    guard tcsetattr(fd, TCSAFLUSH, &quiet) == 0 else { return nil }
    // Restore echo even if reading fails part way.
    defer { _ = tcsetattr(fd, TCSAFLUSH, &saved) }
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    while true {
      let n = read(fd, &byte, 1)
      if n <= 0 {
        if bytes.isEmpty { return nil }
        break
      }
      if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
      bytes.append(byte)
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func send(_ fd: Int32, _ text: String) {
    var data = Array(text.utf8)
    _ = data.withUnsafeMutableBytes { write(fd, $0.baseAddress, $0.count) }
  }
}
