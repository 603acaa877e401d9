print("startwell")
