// Result<T, E>: a value or an error, returned by every fallible function in
// herald's parsers and codec (std::expected is C++23; GCC 12 lacks it in C++20).
//
//   Result<Prefix> p = Prefix::Parse("10.0.0.0/8");
//   if (!p) return Fail(p.error());
//   Use(*p);
//
// Like LevelDB's Status, success costs nothing beyond the value itself, and
// the error carries a message meant for a human (plus, for wire errors, the
// NOTIFICATION it implies: see wire/error.h).
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace herald {

// The default error: one line of text saying what was wrong.
struct Error {
  std::string message;
};

// Wraps an error so that Result<T, E> can be built from it even when T and E
// are convertible to each other.
template <typename E>
struct Failure {
  E error;
};

template <typename E>
Failure<std::decay_t<E>> Fail(E&& error) {
  return Failure<std::decay_t<E>>{std::forward<E>(error)};
}

inline Failure<Error> Fail(std::string message) { return Failure<Error>{Error{std::move(message)}}; }
inline Failure<Error> Fail(const char* message) { return Failure<Error>{Error{message}}; }

template <typename T, typename E = Error>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  template <typename F>
  Result(Failure<F> failure) : v_(std::in_place_index<1>, E(std::move(failure.error))) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // REQUIRES: !ok()
  const E& error() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  E&& error() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, E> v_;
};

// Result<void, E>: success or an error.
template <typename E>
class [[nodiscard]] Result<void, E> {
 public:
  Result() = default;
  template <typename F>
  Result(Failure<F> failure) : error_(E(std::move(failure.error))), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const E& error() const& {
    assert(!ok_);
    return error_;
  }
  E&& error() && {
    assert(!ok_);
    return std::move(error_);
  }

 private:
  E error_{};
  bool ok_ = true;
};

using Status = Result<void, Error>;

inline Status Ok() { return Status(); }

}  // namespace herald
