-- Every request a different address, so no page comes from the page cache: the database answers each one.
request = function()
  return wrk.format("GET", wrk.path .. "&cluster=" .. math.random(1, 1000000000))
end
