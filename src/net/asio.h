// The one place herald includes Asio (standalone, Debian's 1.22).
//
// In Asio 1.22, as_tuple, awaitable operators and channels live in
// asio::experimental; their spellings are kept here so that moving to a newer
// Asio is a change of this file only. Only net/, process/, metrics/ and
// daemon/ include this header.
#pragma once

#include <asio.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/experimental/deferred.hpp>
#include <asio/experimental/parallel_group.hpp>

namespace herald::net {

using asio::awaitable;
using asio::co_spawn;
using asio::detached;
using asio::use_awaitable;

// Completion token that returns (error_code, results...) instead of throwing:
// EOF and resets arrive as values (STYLE.md §4).
inline constexpr auto use_nothrow = asio::experimental::as_tuple(asio::use_awaitable);

}  // namespace herald::net
